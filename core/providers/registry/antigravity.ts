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
  // Cloud Code's envelope around Gemini requests (formats/antigravity/).
  endpoints: [
    {
      format: 'antigravity',
      baseUrl: 'https://cloudcode-pa.googleapis.com/v1internal',
      auth: 'bearer',
    },
  ],
  models: ['gemini-3-pro-high', 'gemini-2.5-flash', 'claude-sonnet-4-5'],
  quota: antigravityQuotaReader,
  // Every call names the Cloud Code project the login found with loadCodeAssist.
  accountBodyFields: (extra) => {
    const project = extra['project'];
    return project === undefined ? {} : { project };
  },
};
