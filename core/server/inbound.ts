/** Which wire format a path speaks, so every error (even a 403) is answered in that format. */
import type { IncomingHttpHeaders } from 'node:http';
import type { InboundFormat } from '../formats/codec.js';

export function formatForPath(path: string, headers: IncomingHttpHeaders): InboundFormat {
  if (path.startsWith('/v1/messages')) return 'anthropic';
  if (path.startsWith('/v1/responses')) return 'openai-responses';
  if (path.startsWith('/v1beta/')) return 'gemini';
  if (path.startsWith('/api/chat') || path.startsWith('/api/tags')) return 'ollama';
  if (path.startsWith('/v1/models') && headers['anthropic-version'] !== undefined)
    return 'anthropic';
  return 'openai-chat';
}

/** Paths that serve models and so need a router key. */
export function isModelPath(path: string): boolean {
  return (
    path.startsWith('/v1/') ||
    path === '/v1' ||
    path.startsWith('/v1beta/') ||
    path === '/api/chat' ||
    path === '/api/tags'
  );
}
