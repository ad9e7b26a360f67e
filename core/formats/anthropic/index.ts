/** The Anthropic Messages codec. */
import type { FormatCodec } from '../codec.js';
import { anthropicCountTokens } from './count-tokens.js';
import { parseError, renderError, renderStreamError } from './errors.js';
import { buildRequest, parseRequest } from './request.js';
import { parseResponse, renderResponse } from './response.js';
import { createStreamDecoder } from './stream-decoder.js';
import { createStreamEncoder } from './stream-encoder.js';

export const anthropicCodec: FormatCodec = {
  format: 'anthropic',
  parseRequest,
  buildRequest,
  parseResponse,
  renderResponse,
  createStreamDecoder,
  createStreamEncoder,
  parseError,
  renderError,
  renderStreamError,
  countTokens: anthropicCountTokens,
};
