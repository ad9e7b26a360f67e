/** Claude Pro/Max through the Claude Code login (`switchyard login cc`). */
import type { ProviderDefinition } from '../types.js';
import { claudeQuotaReader } from './claude-code.quota.js';

export const claudeCode: ProviderDefinition = {
  id: 'cc',
  displayName: 'Claude Pro/Max (subscription)',
  state: 'active',
  termsRisk: 'low',
  termsNote:
    "A consumer subscription is meant for Anthropic's own apps and Claude Code; heavy use from other tools may breach its terms.",
  signIn: 'oauth',
  endpoints: [{ format: 'anthropic', baseUrl: 'https://api.anthropic.com/v1', auth: 'bearer' }],
  models: ['claude-opus-4-5', 'claude-sonnet-4-5', 'claude-haiku-4-5'],
  headers: { 'anthropic-version': '2023-06-01' },
  // OAuth bearer tokens are accepted only with this beta flag.
  requiredBetas: ['oauth-2025-04-20'],
  quota: claudeQuotaReader,
  quotaHeaders: 'anthropic-unified',
};
