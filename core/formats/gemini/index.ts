/** The Gemini generateContent codec. */
import type { FormatCodec } from '../codec.js';
import { geminiCountTokens } from './count-tokens.js';
import { parseError, renderError, renderStreamError } from './errors.js';
import { buildRequest, parseRequest } from './request.js';
import { parseResponse, renderResponse } from './response.js';
import { createStreamDecoder } from './stream-decoder.js';
import { createStreamEncoder } from './stream-encoder.js';

export const geminiCodec: FormatCodec = {
  format: 'gemini',
  parseRequest,
  buildRequest,
  parseResponse,
  renderResponse,
  createStreamDecoder,
  createStreamEncoder,
  parseError,
  renderError,
  renderStreamError,
  countTokens: geminiCountTokens,
};
