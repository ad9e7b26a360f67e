/** The Kiro (CodeWhisperer `generateAssistantResponse`) codec: upstream only, always streaming. */
import { SwitchyardError } from '../../shared/errors.js';
import type { UpstreamCodec } from '../codec.js';
import { parseError } from './errors.js';
import { buildRequest } from './request.js';
import { createByteStreamDecoder } from './stream-decoder.js';

export const kiroCodec: UpstreamCodec = {
  format: 'kiro',
  buildRequest,
  parseResponse() {
    // Every Kiro reply is an event stream, read by the byte decoder; there is no JSON reply.
    throw new SwitchyardError(
      'upstream_error',
      'Kiro answered with JSON instead of an event stream.',
      {
        status: 502,
      },
    );
  },
  createByteStreamDecoder,
  parseError,
  alwaysStreams: true,
};
