/**
 * PKCE (RFC 7636) with the S256 method, plus the `state` value that ties a
 * redirect to the login that started it. Randomness is injectable for tests.
 */
import { createHash, randomBytes } from 'node:crypto';

export type RandomBytes = (size: number) => Buffer;

export interface PkcePair {
  /** 43 characters of base64url: the secret sent only to the token endpoint. */
  verifier: string;
  /** base64url(SHA-256(verifier)): sent in the authorize URL. */
  challenge: string;
  method: 'S256';
}

/** A code verifier: base64url of 32 random bytes (43 characters, within RFC 7636's 43–128). */
export function createVerifier(random: RandomBytes = randomBytes): string {
  return random(32).toString('base64url');
}

/** The S256 challenge for a verifier. */
export function challengeFor(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkce(random: RandomBytes = randomBytes): PkcePair {
  const verifier = createVerifier(random);
  return { verifier, challenge: challengeFor(verifier), method: 'S256' };
}

/** An unguessable `state` for one login attempt. */
export function createState(random: RandomBytes = randomBytes): string {
  return random(24).toString('base64url');
}
