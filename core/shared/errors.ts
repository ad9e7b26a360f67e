/**
 * Typed errors that cross module edges. Every error carries a stable `code`,
 * the HTTP `status` to answer with and a `kind` routing can act on; each wire
 * format renders it in its own error shape at one central place.
 */
import type { ErrorKind } from '../formats/ir/types.js';

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'body_too_large'
  | 'unauthorized'
  | 'forbidden_host'
  | 'forbidden_origin'
  | 'model_not_found'
  | 'provider_unavailable'
  | 'not_supported'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'port_in_use'
  | 'internal';

const KIND_BY_CODE: Record<ErrorCode, ErrorKind> = {
  invalid_json: 'invalid_request',
  invalid_request: 'invalid_request',
  body_too_large: 'request_too_large',
  unauthorized: 'authentication',
  forbidden_host: 'permission',
  forbidden_origin: 'permission',
  model_not_found: 'not_found',
  provider_unavailable: 'upstream',
  not_supported: 'invalid_request',
  upstream_error: 'upstream',
  upstream_timeout: 'timeout',
  port_in_use: 'internal',
  internal: 'internal',
};

export interface SwitchyardErrorOptions {
  status: number;
  kind?: ErrorKind;
  /** JSON path or parameter name at fault, for request errors. */
  param?: string;
  /** Seconds until a retry may succeed; sent as `retry-after`. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly kind: ErrorKind;
  readonly param: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: SwitchyardErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SwitchyardError';
    this.code = code;
    this.status = options.status;
    this.kind = options.kind ?? KIND_BY_CODE[code];
    this.param = options.param;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A client request that cannot be served as sent (HTTP 400). */
export function invalidRequest(message: string, param?: string): SwitchyardError {
  return new SwitchyardError('invalid_request', message, {
    status: 400,
    ...(param === undefined ? {} : { param }),
  });
}

export function isSwitchyardError(value: unknown): value is SwitchyardError {
  return value instanceof SwitchyardError;
}

/** The HTTP status that best expresses an error kind when no upstream status is known. */
export function statusForKind(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid_request':
      return 400;
    case 'authentication':
      return 401;
    case 'permission':
      return 403;
    case 'not_found':
      return 404;
    case 'request_too_large':
      return 413;
    case 'rate_limit':
      return 429;
    case 'overloaded':
      return 529;
    case 'timeout':
      return 504;
    case 'upstream':
      return 502;
    case 'internal':
      return 500;
  }
}
