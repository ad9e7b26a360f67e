// HMAC signing with a per-instance secret, standing in for vendors' opaque reasoning signatures.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Signer {
  /** A signature bound to `text` (Anthropic thinking blocks). */
  sign(text: string): string;
  verify(text: string, signature: string): boolean;
  /** An opaque token carrying `payload` (Responses encrypted_content, Gemini thoughtSignature). */
  seal(payload: string): string;
  /** The payload of a token this signer sealed, or undefined when it was not (or was altered). */
  open(token: string): string | undefined;
}

export function createSigner(secret: Buffer = randomBytes(32)): Signer {
  const mac = (text: string, encoding: 'base64' | 'base64url'): string =>
    createHmac('sha256', secret).update(text).digest(encoding);
  // Compare the encoded text, not decoded bytes: base64 decoding forgives stray characters.
  const same = (a: string, b: string): boolean => {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  };
  return {
    sign: (text) => mac(text, 'base64'),
    verify: (text, signature) => same(mac(text, 'base64'), signature),
    seal: (payload) => {
      const body = Buffer.from(payload, 'utf8').toString('base64url');
      return `${body}.${mac(body, 'base64url')}`;
    },
    open: (token) => {
      const dot = token.indexOf('.');
      if (dot <= 0) return undefined;
      const body = token.slice(0, dot);
      if (!same(mac(body, 'base64url'), token.slice(dot + 1))) return undefined;
      return Buffer.from(body, 'base64url').toString('utf8');
    },
  };
}
