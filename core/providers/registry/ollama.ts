/** A local Ollama through its OpenAI-compatible `/v1` API; no key. */
import type { ProviderDefinition } from '../types.js';

export const ollama: ProviderDefinition = {
  id: 'ollama',
  displayName: 'Ollama (local)',
  state: 'active',
  termsRisk: 'none',
  endpoints: [{ format: 'openai-chat', baseUrl: 'http://127.0.0.1:11434/v1', auth: 'none' }],
  models: [],
  keyless: true,
};
