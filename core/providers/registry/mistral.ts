/** Mistral: OpenAI-compatible chat. */
import type { ProviderDefinition } from '../types.js';

export const mistral: ProviderDefinition = {
  id: 'mistral',
  displayName: 'Mistral',
  state: 'active',
  termsRisk: 'none',
  endpoints: [{ format: 'openai-chat', baseUrl: 'https://api.mistral.ai/v1', auth: 'bearer' }],
  models: [
    'mistral-large-latest',
    'mistral-medium-latest',
    'codestral-latest',
    'devstral-medium-latest',
  ],
  keyUrl: 'https://console.mistral.ai/api-keys',
};
