import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { challengeFor, createPkce, createState, createVerifier } from './pkce.js';

describe('pkce', () => {
  it('makes a 43-character base64url verifier from 32 random bytes', () => {
    const verifier = createVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createVerifier()).not.toBe(verifier);
  });

  it('derives the S256 challenge (RFC 7636 appendix B vector)', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('pairs verifier and challenge with injectable randomness', () => {
    const pair = createPkce((size) => Buffer.alloc(size, 7));
    expect(pair.method).toBe('S256');
    expect(pair.verifier).toBe(Buffer.alloc(32, 7).toString('base64url'));
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
  });

  it('makes distinct url-safe states', () => {
    const state = createState();
    expect(state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createState()).not.toBe(state);
  });
});
