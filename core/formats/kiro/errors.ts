/**
 * Kiro errors. HTTP failures use the AWS JSON protocol body
 * (`{"__type": "…#ThrottlingException", "message": "…"}`, the type also in
 * `x-amzn-errortype`); inside a stream an `exception` frame names its type in
 * the `:exception-type` header and carries `{"message"}`.
 */
import { kindForHttpStatus } from '../ir/http-status.js';
import { isRecord } from '../ir/json.js';
import type { ErrorKind, UpstreamErrorInfo } from '../ir/types.js';

const KIND_BY_TYPE: Readonly<Record<string, ErrorKind>> = {
  ThrottlingException: 'rate_limit',
  ServiceQuotaExceededException: 'rate_limit',
  ValidationException: 'invalid_request',
  // Kiro answers an expired or revoked bearer token with 403 AccessDeniedException.
  AccessDeniedException: 'authentication',
  UnauthorizedException: 'authentication',
  ResourceNotFoundException: 'not_found',
  InternalServerException: 'upstream',
  ServiceUnavailableException: 'overloaded',
};

/** `com.amazon.aws.codewhisperer#ThrottlingException` or `ThrottlingException:http://…` → `ThrottlingException`. */
export function shortErrorType(raw: string): string {
  return raw.split('#').at(-1)?.split(':')[0] ?? raw;
}

export function kindForErrorType(type: string | undefined, status?: number): ErrorKind {
  const known = type === undefined ? undefined : KIND_BY_TYPE[shortErrorType(type)];
  if (known !== undefined) return known;
  return status === undefined ? 'upstream' : kindForHttpStatus(status);
}

export function parseError(status: number, body: unknown): UpstreamErrorInfo {
  const record = isRecord(body) ? body : undefined;
  const rawType =
    typeof record?.['__type'] === 'string'
      ? record['__type']
      : typeof record?.['code'] === 'string'
        ? record['code']
        : undefined;
  const text =
    typeof record?.['message'] === 'string'
      ? record['message']
      : typeof record?.['Message'] === 'string'
        ? record['Message']
        : typeof body === 'string' && body !== ''
          ? body
          : `Kiro answered HTTP ${status}.`;
  const reason = typeof record?.['reason'] === 'string' ? ` (${record['reason']})` : '';
  return {
    kind: kindForErrorType(rawType, status),
    message: text + reason,
    status,
    ...(rawType === undefined ? {} : { code: shortErrorType(rawType) }),
  };
}
