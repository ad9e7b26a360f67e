/** OpenAI's own API: Chat Completions and Responses at one base URL. */
import type { ProviderDefinition } from '../types.js';

export const openai: ProviderDefinition = {
  id: 'openai',
  displayName: 'OpenAI',
  state: 'active',
  termsRisk: 'none',
  endpoints: [
    { format: 'openai-chat', baseUrl: 'https://api.openai.com/v1', auth: 'bearer' },
    { format: 'openai-responses', baseUrl: 'https://api.openai.com/v1', auth: 'bearer' },
  ],
  models: ['gpt-5.2', 'gpt-5.2-mini', 'gpt-5.1', 'gpt-5', 'gpt-5-mini', 'gpt-4.1', 'o4-mini'],
  buildOptions: { useMaxCompletionTokens: true },
  keyUrl: 'https://platform.openai.com/api-keys',
};
