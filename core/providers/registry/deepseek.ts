/** DeepSeek: OpenAI chat; reasoning models answer with `reasoning_content`. */
import type { ProviderDefinition } from '../types.js';

export const deepseek: ProviderDefinition = {
  id: 'deepseek',
  displayName: 'DeepSeek',
  state: 'active',
  termsRisk: 'none',
  endpoints: [{ format: 'openai-chat', baseUrl: 'https://api.deepseek.com', auth: 'bearer' }],
  models: ['deepseek-chat', 'deepseek-reasoner'],
  buildOptions: { echoReasoningContent: true },
  keyUrl: 'https://platform.deepseek.com/api_keys',
};
