/**
 * Translation functions of a codec that is not written yet: they answer a
 * clear 501 instead of guessing. Same-format passthrough does not use them.
 */
import { SwitchyardError } from '../../shared/errors.js';
import type { StreamDecoder, StreamEncoder } from '../codec.js';

export function translationPending(format: string): never {
  throw new SwitchyardError(
    'not_supported',
    `Translating to or from the ${format} format is not available yet; use a model served in ${format} format (passthrough).`,
    { status: 501, kind: 'invalid_request' },
  );
}

export function pendingDecoder(format: string): StreamDecoder {
  return { push: () => translationPending(format), end: () => translationPending(format) };
}

export function pendingEncoder(format: string): StreamEncoder {
  return { push: () => translationPending(format), end: () => translationPending(format) };
}
