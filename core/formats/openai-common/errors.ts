/** OpenAI-style error bodies (`{"error": {message, type, param, code}}`) both ways, for Chat and Responses. */
import type { SwitchyardError } from '../../shared/errors.js';
import type { RenderedError } from '../codec.js';
import { kindForHttpStatus } from '../ir/http-status.js';
import { isRecord } from '../ir/json.js';
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

/** Error codes and types OpenAI-compatible upstreams put in bodies and stream error frames. */
export function kindForCode(code: string | undefined): ErrorKind {
  switch (code) {
    case 'rate_limit_exceeded':
    case 'rate_limit_error':
    case 'insufficient_quota':
      return 'rate_limit';
    case 'context_length_exceeded':
    case 'invalid_request_error':
    case 'invalid_prompt':
    case 'invalid_value':
      return 'invalid_request';
    case 'invalid_api_key':
    case 'authentication_error':
      return 'authentication';
    case 'permission_error':
      return 'permission';
    case 'model_not_found':
    case 'not_found_error':
      return 'not_found';
    case 'server_is_overloaded':
    case 'overloaded':
    case 'overloaded_error':
      return 'overloaded';
    case 'timeout':
    case 'timeout_error':
      return 'timeout';
    default:
      return 'upstream';
  }
}

/** Reads `{"error": {...}}`, `{"error": "text"}` or a bare string body. */
export function readError(
  body: unknown,
): { message?: string; code?: string; status?: number } | undefined {
  if (typeof body === 'string') return body === '' ? {} : { message: body };
  if (!isRecord(body)) return undefined;
  const error = body.error;
  if (typeof error === 'string') return error === '' ? {} : { message: error };
  if (!isRecord(error)) return undefined;
  const out: { message?: string; code?: string; status?: number } = {};
  if (typeof error.message === 'string' && error.message !== '') out.message = error.message;
  // `code` is the specific reason (rate_limit_exceeded, invalid_api_key); `type` the family.
  if (typeof error.code === 'string' && error.code !== '') out.code = error.code;
  else if (typeof error.type === 'string' && error.type !== '') out.code = error.type;
  if (typeof error.code === 'number') out.status = error.code;
  return out;
}

export function parseError(status: number, body: unknown): UpstreamErrorInfo {
  const error = readError(body);
  const message = error?.message ?? `Upstream answered ${status}.`;
  let kind = kindForHttpStatus(status);
  // A 200-range or unexpected status with a recognisable code still says what went wrong.
  if (kind === 'upstream' && status < 500) kind = kindForCode(error?.code);
  const info: UpstreamErrorInfo = { kind, message, status };
  if (error?.code !== undefined) info.code = error.code;
  return info;
}

export function errorBody(
  kind: ErrorKind,
  message: string,
  param?: string,
  code?: string,
): unknown {
  return { error: { message, type: TYPE_BY_KIND[kind], param: param ?? null, code: code ?? null } };
}

export function renderError(error: SwitchyardError): RenderedError {
  return {
    status: error.status,
    body: errorBody(error.kind, error.message, error.param, error.code),
  };
}
