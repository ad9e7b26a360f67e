/** OpenAI-style error bodies (`{"error": {message, type, param, code}}`) both ways. */
import type { SwitchyardError } from '../../shared/errors.js';
import type { RenderedError } from '../codec.js';
import { isRecord } from '../ir/json.js';
import type { ErrorKind, UpstreamErrorInfo } from '../ir/types.js';

function kindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 503 || status === 529) return 'overloaded';
  return 'upstream';
}

/** Error codes seen inside Responses streams (`response.failed`, `error` events). */
export function kindForCode(code: string | undefined): ErrorKind {
  switch (code) {
    case 'rate_limit_exceeded':
    case 'insufficient_quota':
      return 'rate_limit';
    case 'context_length_exceeded':
    case 'invalid_prompt':
    case 'invalid_request_error':
      return 'invalid_request';
    case 'server_is_overloaded':
    case 'overloaded':
      return 'overloaded';
    default:
      return 'upstream';
  }
}

export function parseError(status: number, body: unknown): UpstreamErrorInfo {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const message =
    typeof error?.message === 'string' && error.message !== ''
      ? error.message
      : typeof body === 'string' && body !== ''
        ? body
        : `Upstream returned HTTP ${status}`;
  const code =
    typeof error?.code === 'string'
      ? error.code
      : typeof error?.type === 'string'
        ? error.type
        : undefined;
  let kind = kindForStatus(status);
  // A 200-range or unknown status with a recognisable code still says what went wrong.
  if (kind === 'upstream' && status < 500) kind = kindForCode(code);
  return { kind, message, status, ...(code === undefined ? {} : { code }) };
}

const TYPE_BY_KIND: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  overloaded: 'server_error',
  timeout: 'server_error',
  upstream: 'server_error',
  internal: 'server_error',
};

export function renderError(error: SwitchyardError): RenderedError {
  return {
    status: error.status,
    body: {
      error: {
        message: error.message,
        type: TYPE_BY_KIND[error.kind],
        param: error.param ?? null,
        code: error.code,
      },
    },
  };
}

/** The `error` object of a failed response, in the codes Responses clients switch on. */
export function responseError(error: UpstreamErrorInfo): { code: string; message: string } {
  const code = error.kind === 'rate_limit' ? 'rate_limit_exceeded' : (error.code ?? 'server_error');
  return { code, message: error.message };
}
