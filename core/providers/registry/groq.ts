/** Groq: OpenAI-compatible, fast open-weight models. */
import type { ProviderDefinition } from '../types.js';

export const groq: ProviderDefinition = {
  id: 'groq',
  displayName: 'Groq',
  state: 'active',
  termsRisk: 'none',
  endpoints: [{ format: 'openai-chat', baseUrl: 'https://api.groq.com/openai/v1', auth: 'bearer' }],
  models: ['openai/gpt-oss-120b', 'moonshotai/kimi-k2-instruct-0905', 'llama-3.3-70b-versatile'],
  keyUrl: 'https://console.groq.com/keys',
};
