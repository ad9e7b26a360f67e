/** Google's Gemini API with an API key. */
import type { ProviderDefinition } from '../types.js';

export const gemini: ProviderDefinition = {
  id: 'gemini',
  displayName: 'Google Gemini',
  state: 'active',
  termsRisk: 'none',
  endpoints: [
    {
      format: 'gemini',
      baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
      auth: 'x-goog-api-key',
    },
  ],
  models: ['gemini-3-pro-preview', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite'],
  keyUrl: 'https://aistudio.google.com/apikey',
};
