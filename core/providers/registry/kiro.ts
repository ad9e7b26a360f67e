/** Kiro (AWS Builder ID) through a device login (`switchyard login kr`). */
import type { ProviderDefinition } from '../types.js';
import { kiroQuotaReader } from './kiro.quota.js';

export const kiro: ProviderDefinition = {
  id: 'kr',
  displayName: 'Kiro (AWS Builder ID)',
  state: 'active',
  termsRisk: 'low',
  termsNote: 'Kiro is licensed for use in the Kiro IDE; AWS may limit use from other tools.',
  signIn: 'oauth',
  // Kiro's own JSON request; replies are AWS binary event streams (formats/kiro/).
  endpoints: [
    { format: 'kiro', baseUrl: 'https://codewhisperer.us-east-1.amazonaws.com', auth: 'bearer' },
  ],
  models: ['claude-sonnet-4.5', 'claude-sonnet-4', 'claude-haiku-4.5'],
  quota: kiroQuotaReader,
};
