/**
 * Names the conversation a request belongs to, so routing can keep it on one
 * account and its prompt cache warm. A client's own session header wins; else
 * the start of the conversation (system prompt and first messages) stands in.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RawJsonBody } from '../http/raw-json.js';

/** Session headers coding tools send (Claude Code, Codex CLI, generic). */
const SESSION_HEADERS = ['x-claude-code-session-id', 'session_id', 'session-id', 'x-session-id'];

/** Fields whose opening bytes identify a conversation, in every inbound format. */
const OPENING_FIELDS = [
  'system',
  'instructions',
  'systemInstruction',
  'messages',
  'input',
  'contents',
];

/**
 * The opening is hashed, not parsed. 16 KiB of each field reaches past a long system
 * message at the head of a chat `messages` array to the first user turn.
 */
const OPENING_BYTES = 16 * 1024;

export function conversationKey(
  headers: IncomingHttpHeaders,
  body: RawJsonBody,
): string | undefined {
  for (const name of SESSION_HEADERS) {
    const value = headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text !== undefined && text !== '') return `session:${digest([Buffer.from(text)])}`;
  }
  const parts: Buffer[] = [];
  for (const field of OPENING_FIELDS) {
    const bytes = body.valueBytes(field, OPENING_BYTES);
    if (bytes !== undefined) parts.push(Buffer.from(field), bytes);
  }
  return parts.length === 0 ? undefined : `opening:${digest(parts)}`;
}

function digest(parts: readonly Buffer[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('base64url').slice(0, 22);
}
