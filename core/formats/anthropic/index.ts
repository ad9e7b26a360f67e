/**
 * Anthropic Messages. Only its error shape is implemented so far, which is
 * all the same-format passthrough needs; translation answers 501 (issue 2 follow-up).
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
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  overloaded: 'overloaded_error',
  timeout: 'api_error',
  upstream: 'api_error',
  internal: 'api_error',
};

const KIND_BY_TYPE = new Map(
  (Object.entries(TYPE_BY_KIND) as [ErrorKind, string][])
    .filter(([kind]) => kind !== 'timeout' && kind !== 'internal')
    .map(([kind, type]) => [type, kind]),
);

function parseError(status: number, body: unknown): UpstreamErrorInfo {
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  const type = typeof error?.['type'] === 'string' ? error['type'] : undefined;
  const message =
    typeof error?.['message'] === 'string' ? error['message'] : `Upstream answered ${status}.`;
  const kind =
    (type === undefined ? undefined : KIND_BY_TYPE.get(type)) ??
    (status === 429 ? 'rate_limit' : status >= 500 ? 'upstream' : 'invalid_request');
  const info: UpstreamErrorInfo = { kind, message, status };
  if (type !== undefined) info.code = type;
  return info;
}

function errorBody(kind: ErrorKind, message: string): unknown {
  return { type: 'error', error: { type: TYPE_BY_KIND[kind], message } };
}

export const anthropicCodec: FormatCodec = {
  format: 'anthropic',
  parseRequest: () => translationPending('anthropic'),
  buildRequest: () => translationPending('anthropic'),
  parseResponse: () => translationPending('anthropic'),
  renderResponse: () => translationPending('anthropic'),
  createStreamDecoder: () => pendingDecoder('anthropic'),
  createStreamEncoder: () => pendingEncoder('anthropic'),
  parseError,
  renderError: (error) => ({ status: error.status, body: errorBody(error.kind, error.message) }),
  renderStreamError: (error) =>
    `event: error\ndata: ${JSON.stringify(errorBody(error.kind, error.message))}\n\n`,
};
