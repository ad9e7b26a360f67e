/** xAI Grok: OpenAI-compatible chat. */
import type { ProviderDefinition } from '../types.js';

export const xai: ProviderDefinition = {
  id: 'xai',
  displayName: 'xAI Grok',
  state: 'active',
  termsRisk: 'none',
  endpoints: [{ format: 'openai-chat', baseUrl: 'https://api.x.ai/v1', auth: 'bearer' }],
  models: ['grok-4', 'grok-4-fast', 'grok-code-fast-1'],
  keyUrl: 'https://console.x.ai',
};
