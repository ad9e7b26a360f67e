/**
 * Stamps the minting provider on every signature an upstream produced, so the
 * client-side encoder can seal it and a later turn can send it home only.
 */
import type { Response, SignatureOrigin, StreamEvent } from './types.js';

export function stampEventOrigin(event: StreamEvent, origin: SignatureOrigin): StreamEvent {
  if (event.type === 'reasoning_signature' || event.type === 'tool_signature') {
    return { ...event, origin };
  }
  return event;
}

export function stampResponseOrigin(response: Response, origin: SignatureOrigin): Response {
  let stamped = false;
  const content = response.content.map((part) => {
    if (
      part.type === 'reasoning' &&
      (part.signature ?? part.encryptedContent ?? part.redactedData)
    ) {
      stamped = true;
      return { ...part, origin };
    }
    if (part.type === 'tool_call' && part.signature !== undefined) {
      stamped = true;
      return { ...part, origin };
    }
    return part;
  });
  return stamped ? { ...response, content } : response;
}
