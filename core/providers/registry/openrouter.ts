/** OpenRouter: many vendors' models behind one OpenAI-compatible API. */
import type { ProviderDefinition } from '../types.js';

export const openrouter: ProviderDefinition = {
  id: 'openrouter',
  displayName: 'OpenRouter',
  state: 'active',
  termsRisk: 'none',
  endpoints: [
    {
      format: 'openai-chat',
      baseUrl: 'https://openrouter.ai/api/v1',
      auth: 'bearer',
      // Its model listing is public, so it would pass any key; this read needs a real one.
      keyCheck: '/key',
    },
  ],
  models: [
    'anthropic/claude-sonnet-4.5',
    'openai/gpt-5.2',
    'google/gemini-2.5-pro',
    'deepseek/deepseek-chat',
    'z-ai/glm-4.7',
  ],
  // Optional attribution headers; they name this app, never a user.
  headers: { 'HTTP-Referer': 'https://github.com/switchyard', 'X-Title': 'Switchyard' },
  keyUrl: 'https://openrouter.ai/keys',
};
