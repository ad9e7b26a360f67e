/** The Kimi Coding plan through a device login (`switchyard login kmc`). */
import type { ProviderDefinition } from '../types.js';

export const kimiCoding: ProviderDefinition = {
  id: 'kmc',
  displayName: 'Kimi Coding plan (subscription)',
  state: 'active',
  termsRisk: 'none',
  signIn: 'oauth',
  endpoints: [{ format: 'anthropic', baseUrl: 'https://api.kimi.com/coding/v1', auth: 'bearer' }],
  models: ['kimi-for-coding'],
  headers: { 'anthropic-version': '2023-06-01' },
};
