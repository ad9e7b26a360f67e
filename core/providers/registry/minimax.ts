/** MiniMax through its Anthropic-compatible endpoint. */
import type { ProviderDefinition } from '../types.js';

export const minimax: ProviderDefinition = {
  id: 'minimax',
  displayName: 'MiniMax',
  state: 'active',
  termsRisk: 'none',
  endpoints: [
    // The Anthropic-compatible endpoint serves messages only: no model listing to check a key.
    {
      format: 'anthropic',
      baseUrl: 'https://api.minimax.io/anthropic/v1',
      auth: 'x-api-key',
      keyCheck: null,
    },
  ],
  models: ['MiniMax-M2', 'MiniMax-M2.1'],
  headers: { 'anthropic-version': '2023-06-01' },
  keyUrl: 'https://platform.minimax.io/user-center/basic-information/interface-key',
};
