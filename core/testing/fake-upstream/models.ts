// A fake OpenAI-compatible server whose only job is to list the given models at GET /v1/models.
import { startFakeUpstream } from './server.js';
import type { FakeUpstream } from './types.js';

export function startFakeModelList(options: {
  models: string[];
  apiKey?: string;
}): Promise<FakeUpstream> {
  return startFakeUpstream({ format: 'openai-chat', ...options });
}
