/**
 * Redaction for the debug request log: credential headers, secret query
 * parameters and secret-looking strings in bodies. It errs towards hiding
 * too much; a debug log that leaks a key is worse than one missing a field.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { redact } from '../shared/log.js';

export const REDACTED = '[redacted]';

const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-goog-api-key',
  'api-key',
  'cookie',
  'set-cookie',
]);

/** Names that suggest a credential, in headers, query parameters and JSON fields. */
const SECRET_NAME = /(token|secret|key|passw|auth|cookie|session|credential|signature)/i;

/** Secrets recognisable by shape alone, beyond what the logger already masks. */
const EXTRA_PATTERNS: readonly RegExp[] = [
  /\bBasic\s+[A-Za-z0-9+/]{8,}=*/gi,
  // JWTs (OAuth access and id tokens).
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  /\b(xai|gsk|csk|nvapi|hf)[-_][A-Za-z0-9_-]{16,}/g,
];

/** A JSON string member whose name looks like a credential, e.g. `"api_key": "…"`. */
const SECRET_MEMBER =
  /("[^"\\]*(?:token|secret|key|passw|auth|cookie|session|credential)[^"\\]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

export function redactText(text: string): string {
  let out = redact(text);
  for (const pattern of EXTRA_PATTERNS) out = out.replace(pattern, REDACTED);
  return out.replace(SECRET_MEMBER, (_match, name: string) => `${name}"${REDACTED}"`);
}

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(', ') : value;
    out[lower] =
      CREDENTIAL_HEADERS.has(lower) || SECRET_NAME.test(lower) ? REDACTED : redactText(joined);
  }
  return out;
}

/** Path plus query, with credential-named parameters (Gemini's `?key=`) masked. */
export function redactUrl(url: string): string {
  const parsed = new URL(url, 'http://switchyard.invalid');
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_NAME.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return redactText(`${parsed.pathname}${parsed.search}`);
}

/**
 * Cuts the body at `capBytes` after redacting a little beyond the cut, so a
 * secret straddling the cut is still recognised whole and masked.
 */
export function redactBody(
  chunks: readonly Buffer[],
  capBytes: number,
): { text: string; truncated: boolean } {
  const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const slack = 4096;
  const window = Buffer.concat(chunks, Math.min(size, capBytes + slack)).toString('utf8');
  const redacted = redactText(window);
  if (size <= capBytes && Buffer.byteLength(redacted) <= capBytes) {
    return { text: redacted, truncated: false };
  }
  // Cut by characters near the cap; the result stays within it for UTF-8 text.
  let text = redacted.slice(0, capBytes);
  while (Buffer.byteLength(text) > capBytes) text = text.slice(0, Math.floor(text.length * 0.9));
  return { text, truncated: true };
}
