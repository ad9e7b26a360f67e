/** The OpenAI Chat Completions codec (`POST /v1/chat/completions`). */
import type { FormatCodec } from '../codec.js';
import { parseError, renderError, renderStreamError } from './errors.js';
import { buildRequest, parseRequest } from './request.js';
import { parseResponse, renderResponse } from './response.js';
import { createStreamDecoder } from './stream-decoder.js';
import { createStreamEncoder } from './stream-encoder.js';

export const openaiChatCodec: FormatCodec = {
  format: 'openai-chat',
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
