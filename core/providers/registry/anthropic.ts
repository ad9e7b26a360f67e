/** Anthropic's API with an API key (subscriptions log in through the `cc` provider instead). */
import type { ProviderDefinition } from '../types.js';

export const anthropic: ProviderDefinition = {
  id: 'anthropic',
  displayName: 'Anthropic',
  state: 'active',
  termsRisk: 'none',
  endpoints: [{ format: 'anthropic', baseUrl: 'https://api.anthropic.com/v1', auth: 'x-api-key' }],
  models: [
    'claude-opus-4-5',
    'claude-sonnet-4-5',
    'claude-haiku-4-5',
    'claude-opus-4-1',
    'claude-sonnet-4-0',
  ],
  headers: { 'anthropic-version': '2023-06-01' },
  keyUrl: 'https://console.anthropic.com/settings/keys',
};
