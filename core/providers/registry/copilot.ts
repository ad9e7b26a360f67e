/** GitHub Copilot through a GitHub device login (`switchyard login gh`). */
import type { ProviderDefinition } from '../types.js';
import { copilotQuotaReader } from './copilot.quota.js';

export const copilot: ProviderDefinition = {
  id: 'gh',
  displayName: 'GitHub Copilot (subscription)',
  state: 'active',
  termsRisk: 'low',
  termsNote:
    'Copilot is licensed for use in supported editors; GitHub may limit use from other tools.',
  signIn: 'oauth',
  endpoints: [{ format: 'openai-chat', baseUrl: 'https://api.githubcopilot.com', auth: 'bearer' }],
  models: ['gpt-5.1', 'claude-sonnet-4.5', 'gemini-2.5-pro'],
  // Required by the Copilot API; the values name this client honestly.
  headers: { 'copilot-integration-id': 'switchyard', 'editor-version': 'switchyard/0.1' },
  quota: copilotQuotaReader,
  // The token exchange names the API host for the account's plan (individual, business…).
  accountBaseUrl: (extra) => {
    const api = extra['copilot_api_endpoint'];
    return api !== undefined && /^https:\/\//.test(api) ? api.replace(/\/+$/, '') : undefined;
  },
};
