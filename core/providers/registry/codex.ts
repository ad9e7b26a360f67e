/** ChatGPT Plus/Pro through the Codex login (`switchyard login cx`). */
import type { ProviderDefinition } from '../types.js';
import { codexQuotaReader } from './codex.quota.js';

export const codex: ProviderDefinition = {
  id: 'cx',
  displayName: 'ChatGPT Plus/Pro (Codex subscription)',
  state: 'active',
  termsRisk: 'low',
  termsNote: 'The Codex backend is meant for OpenAI’s Codex clients; OpenAI may limit other use.',
  signIn: 'oauth',
  endpoints: [
    {
      format: 'openai-responses',
      baseUrl: 'https://chatgpt.com/backend-api/codex',
      auth: 'bearer',
    },
  ],
  models: ['gpt-5.2-codex', 'gpt-5.2', 'gpt-5.1-codex'],
  // We say who we are rather than borrowing the Codex CLI's originator.
  headers: { originator: 'switchyard' },
  quota: codexQuotaReader,
  quotaHeaders: 'codex',
  accountHeaders: (extra) => {
    const account = extra['chatgpt_account_id'];
    return account === undefined ? {} : { 'chatgpt-account-id': account };
  },
};
