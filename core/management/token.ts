/**
 * The management token: the one credential for `/api/*`. It is made on first
 * use (32 random bytes), kept only in the SecretStore, and handed to the
 * browser dashboard in the URL fragment, which browsers never send to a server.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretStore } from '../storage/secret-store.js';

export const MANAGEMENT_TOKEN_SECRET = 'management-token';
const TOKEN_BYTES = 32;

/** One creation per store, so two first callers cannot each save a different token. */
const pending = new WeakMap<SecretStore, Promise<string>>();

/** Reads the token, creating and saving it on first use. */
export function managementToken(secrets: SecretStore): Promise<string> {
  const running = pending.get(secrets);
  if (running !== undefined) return running;
  const created = (async () => {
    const existing = await secrets.get(MANAGEMENT_TOKEN_SECRET);
    if (existing !== undefined && existing.length >= 32) return existing;
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    await secrets.set(MANAGEMENT_TOKEN_SECRET, token);
    return token;
  })();
  pending.set(secrets, created);
  // A failed read must not stick: the next call tries again.
  created.catch(() => pending.delete(secrets));
  return created;
}

/** Compares in constant time; hashing first makes the lengths equal, as timingSafeEqual needs. */
export function sameToken(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/** `http://127.0.0.1:PORT/#token=…`: the dashboard reads the fragment, then strips it. */
export function dashboardUrlWithToken(url: string, token: string): string {
  const parsed = new URL(url);
  parsed.hash = `token=${encodeURIComponent(token)}`;
  return parsed.toString();
}
