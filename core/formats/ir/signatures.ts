/**
 * Provenance for signed reasoning. When a signature crosses formats it is
 * sealed as `sy1.<provider>.<original>` so that, when the client sends it back,
 * Switchyard knows which provider minted it. It is unsealed to the original
 * bytes only for that provider and dropped for every other target: a signature
 * is never forged or sent to an upstream that did not make it.
 */
import type { ContentPart, Message, Request, SignatureOrigin } from './types.js';

const PREFIX = 'sy1.';

export function sealSignature(signature: string, origin: SignatureOrigin | undefined): string {
  return origin === undefined ? signature : `${PREFIX}${origin.provider}.${signature}`;
}

export interface UnsealedSignature {
  signature: string;
  origin?: SignatureOrigin;
}

export function unsealSignature(value: string): UnsealedSignature {
  if (!value.startsWith(PREFIX)) return { signature: value };
  const dot = value.indexOf('.', PREFIX.length);
  if (dot === -1) return { signature: value };
  return {
    signature: value.slice(dot + 1),
    origin: { provider: value.slice(PREFIX.length, dot) },
  };
}

/**
 * Prepares a translated request for `targetProvider`: signed reasoning minted
 * elsewhere (or of unknown origin) is removed, and a tool call keeps its
 * signature only when the target minted it.
 */
export function keepSignaturesFor(request: Request, targetProvider: string): Request {
  let changed = false;
  const messages: Message[] = request.messages.map((message) => {
    if (message.role !== 'assistant') return message;
    const content: ContentPart[] = [];
    for (const part of message.content) {
      const mine =
        part.type !== 'text' && 'origin' in part && part.origin?.provider === targetProvider;
      if (part.type === 'reasoning') {
        const signed =
          part.signature !== undefined ||
          part.encryptedContent !== undefined ||
          part.redactedData !== undefined;
        if (signed && !mine) {
          changed = true;
          // Keep the visible text for targets that accept unsigned reasoning (reasoning_content).
          if (part.text !== '') content.push({ type: 'reasoning', text: part.text });
          continue;
        }
      } else if (part.type === 'tool_call' && part.signature !== undefined && !mine) {
        changed = true;
        const { signature: _dropped, origin: _origin, ...rest } = part;
        content.push(rest);
        continue;
      }
      content.push(part);
    }
    return { ...message, content };
  });
  return changed ? { ...request, messages } : request;
}

/**
 * The opaque blob that authenticates a reasoning part, whichever field the minting
 * format used (Anthropic `signature`, Responses `encrypted_content`). A format with a
 * single slot (Gemini `thoughtSignature`) carries either, and the seal's provider id
 * guarantees it only ever goes home.
 */
export function reasoningBlob(part: {
  signature?: string | undefined;
  encryptedContent?: string | undefined;
}): string | undefined {
  return part.signature ?? part.encryptedContent;
}
