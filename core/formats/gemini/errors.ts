/** Google RPC-style errors: `{"error": {"code", "message", "status", "details"?}}`. */
import { statusForKind } from '../../shared/errors.js';
import type { SwitchyardError } from '../../shared/errors.js';
import { sseData } from '../../sse/writer.js';
import type { RenderedError } from '../codec.js';
import { kindForHttpStatus } from '../ir/http-status.js';
import { isRecord } from '../ir/json.js';
import type { ErrorKind, UpstreamErrorInfo } from '../ir/types.js';
import type { Json } from './fields.js';

const KIND_BY_STATUS: Record<string, ErrorKind> = {
  INVALID_ARGUMENT: 'invalid_request',
  FAILED_PRECONDITION: 'invalid_request',
  OUT_OF_RANGE: 'invalid_request',
  UNAUTHENTICATED: 'authentication',
  PERMISSION_DENIED: 'permission',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limit',
  UNAVAILABLE: 'overloaded',
  DEADLINE_EXCEEDED: 'timeout',
  INTERNAL: 'upstream',
  UNKNOWN: 'upstream',
  CANCELLED: 'upstream',
  ABORTED: 'upstream',
};

/** Gemini answers a bad API key with 400 INVALID_ARGUMENT; only the details say API_KEY_INVALID. */
function hasReason(details: unknown, reason: string): boolean {
  return Array.isArray(details) && details.some((d) => isRecord(d) && d.reason === reason);
}

export function parseError(status: number, body: unknown): UpstreamErrorInfo {
  // streamGenerateContent without alt=sse wraps the error in a JSON array.
  const root = Array.isArray(body) ? body[0] : body;
  const error = isRecord(root) && isRecord(root.error) ? root.error : undefined;
  const rpcStatus = typeof error?.status === 'string' ? error.status : undefined;
  const message =
    typeof error?.message === 'string' && error.message !== ''
      ? error.message
      : typeof body === 'string' && body !== ''
        ? body
        : `Gemini upstream error (HTTP ${status})`;
  let kind: ErrorKind =
    status === 413
      ? 'request_too_large'
      : ((rpcStatus === undefined ? undefined : KIND_BY_STATUS[rpcStatus]) ??
        kindForHttpStatus(status));
  if (hasReason(error?.details, 'API_KEY_INVALID')) kind = 'authentication';
  const info: UpstreamErrorInfo = { kind, message };
  if (status > 0) info.status = status;
  if (rpcStatus !== undefined) info.code = rpcStatus;
  return info;
}

const RPC_STATUS_BY_KIND: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  request_too_large: 'INVALID_ARGUMENT',
  rate_limit: 'RESOURCE_EXHAUSTED',
  overloaded: 'UNAVAILABLE',
  timeout: 'DEADLINE_EXCEEDED',
  upstream: 'INTERNAL',
  internal: 'INTERNAL',
};

/** 529 is Anthropic's private code; Google clients know overload as 503. */
function geminiStatus(status: number, kind: ErrorKind): number {
  return kind === 'overloaded' && status === 529 ? 503 : status;
}

export function errorBody(
  kind: ErrorKind,
  status: number,
  message: string,
  details?: Json[],
): Json {
  const error: Json = { code: status, message, status: RPC_STATUS_BY_KIND[kind] };
  if (details !== undefined && details.length > 0) error.details = details;
  return { error };
}

export function renderError(error: SwitchyardError): RenderedError {
  const status = geminiStatus(error.status, error.kind);
  const details: Json[] = [];
  if (error.param !== undefined) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: error.param, description: error.message }],
    });
  }
  if (error.retryAfterSeconds !== undefined) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: `${error.retryAfterSeconds}s`,
    });
  }
  return { status, body: errorBody(error.kind, status, error.message, details) };
}

export function streamErrorBody(error: UpstreamErrorInfo): Json {
  const status = geminiStatus(error.status ?? statusForKind(error.kind), error.kind);
  return errorBody(error.kind, status, error.message);
}

export function renderStreamError(error: UpstreamErrorInfo): string {
  return sseData(streamErrorBody(error));
}
