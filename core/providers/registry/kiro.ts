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
  // Kiro answers in its own JSON request shape and an AWS binary event stream; no codec speaks
  // it yet, so accounts can sign in and refresh but not serve requests.
  endpoints: [],
  unavailableReason:
    'Kiro speaks its own request format and AWS event streams, which Switchyard cannot translate yet; the login is kept for when it can.',
  models: [],
  quota: kiroQuotaReader,
};
