/**
 * Reads the payload of a JWT without verifying it.
 *
 * Not checking the signature is deliberate: the only tokens read here are
 * id_tokens we received ourselves, over TLS, straight from the provider's token
 * endpoint in answer to our own code exchange or refresh, so the channel already
 * vouches for them. The claims are used for display (email, plan) and to pick
 * the account header; the upstream still authorizes every call by the access
 * token, so a forged claim could not grant anything. Never use this for a token
 * that arrives from anyone else.
 */
import { isRecord } from './token-endpoint.js';

export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
