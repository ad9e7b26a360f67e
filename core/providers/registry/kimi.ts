/** Moonshot Kimi: the OpenAI-compatible platform API, or the coding endpoint in Anthropic format. */
import type { ProviderDefinition } from '../types.js';

export const kimi: ProviderDefinition = {
  id: 'kimi',
  displayName: 'Moonshot Kimi',
  state: 'active',
  termsRisk: 'none',
  endpoints: [
    { format: 'openai-chat', baseUrl: 'https://api.moonshot.ai/v1', auth: 'bearer' },
    // The coding endpoint documents no model listing: its keys are saved unchecked.
    {
      format: 'anthropic',
      baseUrl: 'https://api.kimi.com/coding/v1',
      auth: 'x-api-key',
      keyCheck: null,
    },
  ],
  models: ['kimi-k2-thinking', 'kimi-k2-turbo-preview', 'kimi-k2-0905-preview'],
  headers: { 'anthropic-version': '2023-06-01' },
  buildOptions: { echoReasoningContent: true },
  keyUrl: 'https://platform.moonshot.ai/console/api-keys',
};
