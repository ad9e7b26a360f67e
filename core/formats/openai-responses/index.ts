/** The OpenAI Responses API codec (`POST /v1/responses`). */
import type { FormatCodec } from '../codec.js';
import { parseError, renderError } from './errors.js';
import { buildRequest, parseRequest } from './request.js';
import { parseResponse, renderResponse } from './response.js';
import { createStreamDecoder, createStreamEncoder, renderStreamError } from './stream.js';

export const openaiResponsesCodec: FormatCodec = {
  format: 'openai-responses',
  parseRequest,
  buildRequest,
  parseResponse,
  renderResponse,
  createStreamDecoder,
  createStreamEncoder,
  parseError,
  renderError,
  renderStreamError,
};
