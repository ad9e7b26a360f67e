/** Z.ai GLM coding plan: an Anthropic-compatible and an OpenAI-compatible endpoint. */
import type { ProviderDefinition } from '../types.js';

export const glm: ProviderDefinition = {
  id: 'glm',
  displayName: 'Z.ai GLM',
  state: 'active',
  termsRisk: 'none',
  endpoints: [
    // Neither coding endpoint documents a model listing, so keys are saved unchecked.
    {
      format: 'anthropic',
      baseUrl: 'https://api.z.ai/api/anthropic/v1',
      auth: 'x-api-key',
      keyCheck: null,
    },
    {
      format: 'openai-chat',
      baseUrl: 'https://api.z.ai/api/coding/paas/v4',
      auth: 'bearer',
      keyCheck: null,
    },
  ],
  models: ['glm-4.7', 'glm-4.6', 'glm-4.5-air'],
  headers: { 'anthropic-version': '2023-06-01' },
  buildOptions: { echoReasoningContent: true },
  keyUrl: 'https://z.ai/manage-apikey/apikey-list',
};
