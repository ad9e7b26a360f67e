/** Anthropic error bodies: `{"type": "error", "error": {"type", "message"}}`. */
import type { SwitchyardError } from '../../shared/errors.js';
import { sseFrame } from '../../sse/writer.js';
import type { RenderedError } from '../codec.js';
import { isRecord } from '../ir/json.js';
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

const KIND_BY_TYPE = new Map<string, ErrorKind>([
  ...(Object.entries(TYPE_BY_KIND) as [ErrorKind, string][])
    .filter(([kind]) => kind !== 'timeout' && kind !== 'internal')
    .map(([kind, type]): [string, ErrorKind] => [type, kind]),
  // Types Anthropic sends that Switchyard never renders.
  ['timeout_error', 'timeout'],
  ['billing_error', 'permission'],
]);

/** What an HTTP status means when the body names no error type. */
function kindForStatus(status: number): ErrorKind {
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 529) return 'overloaded';
  if (status === 504) return 'timeout';
  return status >= 500 ? 'upstream' : 'invalid_request';
}

/** The `error` object of an error body (also the data of a stream `error` event). */
function errorObject(body: unknown): Record<string, unknown> | undefined {
  return isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
}

export function parseError(status: number, body: unknown): UpstreamErrorInfo {
  const error = errorObject(body);
  const type = typeof error?.['type'] === 'string' ? error['type'] : undefined;
  const message =
    typeof error?.['message'] === 'string' ? error['message'] : `Upstream answered ${status}.`;
  const kind = (type === undefined ? undefined : KIND_BY_TYPE.get(type)) ?? kindForStatus(status);
  const info: UpstreamErrorInfo = { kind, message, status };
  if (type !== undefined) info.code = type;
  return info;
}

/** A mid-stream `error` event carries no HTTP status; the type alone says what happened. */
export function parseStreamError(body: unknown): UpstreamErrorInfo {
  const error = errorObject(body);
  const type = typeof error?.['type'] === 'string' ? error['type'] : undefined;
  const info: UpstreamErrorInfo = {
    kind: (type === undefined ? undefined : KIND_BY_TYPE.get(type)) ?? 'upstream',
    message: typeof error?.['message'] === 'string' ? error['message'] : 'Anthropic stream error',
  };
  if (type !== undefined) info.code = type;
  return info;
}

export function errorBody(kind: ErrorKind, message: string): Record<string, unknown> {
  return { type: 'error', error: { type: TYPE_BY_KIND[kind], message } };
}

export function renderError(error: SwitchyardError): RenderedError {
  return { status: error.status, body: errorBody(error.kind, error.message) };
}

export function renderStreamError(error: UpstreamErrorInfo): string {
  return sseFrame('error', errorBody(error.kind, error.message));
}
