/** Error mapping tests for the Gemini codec. */
import { describe, expect, it } from 'vitest';

import { invalidRequest, SwitchyardError } from '../../shared/errors.js';
import { parseError, renderError, renderStreamError } from './errors.js';

const body = (code: number, status: string, message = 'msg', details?: unknown[]) => ({
  error: { code, message, status, ...(details === undefined ? {} : { details }) },
});

describe('gemini parseError', () => {
  it('maps RPC status strings to kinds and keeps the status as code', () => {
    const cases: [number, string, string][] = [
      [400, 'INVALID_ARGUMENT', 'invalid_request'],
      [400, 'FAILED_PRECONDITION', 'invalid_request'],
      [401, 'UNAUTHENTICATED', 'authentication'],
      [403, 'PERMISSION_DENIED', 'permission'],
      [404, 'NOT_FOUND', 'not_found'],
      [429, 'RESOURCE_EXHAUSTED', 'rate_limit'],
      [500, 'INTERNAL', 'upstream'],
      [503, 'UNAVAILABLE', 'overloaded'],
      [504, 'DEADLINE_EXCEEDED', 'timeout'],
    ];
    for (const [status, rpc, kind] of cases) {
      expect(parseError(status, body(status, rpc))).toEqual({
        kind,
        message: 'msg',
        status,
        code: rpc,
      });
    }
  });

  it('recognises an invalid API key reported as INVALID_ARGUMENT', () => {
    const info = parseError(
      400,
      body(400, 'INVALID_ARGUMENT', 'API key not valid.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' },
      ]),
    );
    expect(info.kind).toBe('authentication');
  });

  it('falls back to the HTTP status, handles array bodies and 413', () => {
    expect(parseError(429, 'Too many')).toEqual({
      kind: 'rate_limit',
      message: 'Too many',
      status: 429,
    });
    expect(parseError(502, null).kind).toBe('upstream');
    expect(parseError(413, body(413, 'INVALID_ARGUMENT')).kind).toBe('request_too_large');
    expect(parseError(404, [body(404, 'NOT_FOUND', 'no model')])).toMatchObject({
      kind: 'not_found',
      message: 'no model',
    });
  });
});

describe('gemini renderError', () => {
  it('renders the Google error shape with field and retry details', () => {
    expect(renderError(invalidRequest('contents must be an array', 'contents'))).toEqual({
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'contents must be an array',
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.BadRequest',
              fieldViolations: [{ field: 'contents', description: 'contents must be an array' }],
            },
          ],
        },
      },
    });
    const limited = new SwitchyardError('upstream_error', 'quota', {
      status: 429,
      kind: 'rate_limit',
      retryAfterSeconds: 30,
    });
    expect(renderError(limited).body).toEqual({
      error: {
        code: 429,
        message: 'quota',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30s' }],
      },
    });
  });

  it('maps kinds to statuses', () => {
    const render = (code: ConstructorParameters<typeof SwitchyardError>[0], status: number) =>
      renderError(new SwitchyardError(code, 'x', { status })).body;
    expect(render('unauthorized', 401)).toMatchObject({ error: { status: 'UNAUTHENTICATED' } });
    expect(render('model_not_found', 404)).toMatchObject({ error: { status: 'NOT_FOUND' } });
    expect(render('body_too_large', 413)).toMatchObject({
      error: { code: 413, status: 'INVALID_ARGUMENT' },
    });
    expect(render('upstream_timeout', 504)).toMatchObject({
      error: { status: 'DEADLINE_EXCEEDED' },
    });
    expect(render('internal', 500)).toMatchObject({ error: { status: 'INTERNAL' } });
    const overloaded = renderError(
      new SwitchyardError('upstream_error', 'busy', { status: 529, kind: 'overloaded' }),
    );
    expect(overloaded).toEqual({
      status: 503,
      body: { error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } },
    });
  });

  it('renders a stream error as an SSE data frame', () => {
    expect(renderStreamError({ kind: 'timeout', message: 'slow' })).toBe(
      'data: {"error":{"code":504,"message":"slow","status":"DEADLINE_EXCEEDED"}}\n\n',
    );
  });
});
