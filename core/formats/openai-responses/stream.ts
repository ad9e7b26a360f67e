/** Streaming half of the Responses codec: upstream decoder and client encoder. */
export { createStreamDecoder } from './stream-decoder.js';
export { createStreamEncoder, renderStreamError } from './stream-encoder.js';
