/**
 * OpenAI Chat Completions. Only its error shape is implemented so far, which
 * is all the same-format passthrough needs; translation answers 501 (issue 2 follow-up).
 */
import type { FormatCodec } from '../codec.js';
import { isRecord } from '../ir/json.js';
import { pendingDecoder, pendingEncoder, translationPending } from '../ir/pending.js';
import type { ErrorKind, UpstreamErrorInfo } from '../ir/types.js';

const TYPE_BY_KIND: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  overloaded: 'server_error',
  timeout: 'timeout_error',
  upstream: 'server_error',
  internal: 'server_error',
};

function kindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  return 'upstream';
}

function parseError(status: number, body: unknown): UpstreamErrorInfo {
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  const message =
    typeof error?.['message'] === 'string' ? error['message'] : `Upstream answered ${status}.`;
  const info: UpstreamErrorInfo = { kind: kindForStatus(status), message, status };
  if (typeof error?.['type'] === 'string') info.code = error['type'];
  return info;
}

function errorBody(kind: ErrorKind, message: string, param?: string, code?: string): unknown {
  return { error: { message, type: TYPE_BY_KIND[kind], param: param ?? null, code: code ?? null } };
}

export const openaiChatCodec: FormatCodec = {
  format: 'openai-chat',
  parseRequest: () => translationPending('openai-chat'),
  buildRequest: () => translationPending('openai-chat'),
  parseResponse: () => translationPending('openai-chat'),
  renderResponse: () => translationPending('openai-chat'),
  createStreamDecoder: () => pendingDecoder('openai-chat'),
  createStreamEncoder: () => pendingEncoder('openai-chat'),
  parseError,
  renderError: (error) => ({
    status: error.status,
    body: errorBody(error.kind, error.message, error.param, error.code),
  }),
  renderStreamError: (error) =>
    `data: ${JSON.stringify(errorBody(error.kind, error.message, undefined, error.code))}\n\n`,
};
