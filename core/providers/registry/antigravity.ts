/** Antigravity (Google) through a Google sign-in (`switchyard login ag`). */
import type { ProviderDefinition } from '../types.js';
import { antigravityQuotaReader } from './antigravity.quota.js';

export const antigravity: ProviderDefinition = {
  id: 'ag',
  displayName: 'Antigravity (Google)',
  state: 'active',
  termsRisk: 'high',
  termsNote: 'Users report Google accounts suspended for using Antigravity quota from other tools.',
  signIn: 'oauth',
  // Its Cloud Code endpoint wraps Gemini requests in an envelope no codec builds yet.
  endpoints: [],
  unavailableReason:
    'Antigravity wraps Gemini requests in a Cloud Code envelope that Switchyard cannot build yet.',
  models: [],
  quota: antigravityQuotaReader,
};
