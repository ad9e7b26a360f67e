/** Anthropic error bodies both ways. */
import { describe, expect, it } from 'vitest';

import { invalidRequest, SwitchyardError } from '../../shared/errors.js';
import { anthropicCodec } from './index.js';

const { parseError, renderError, renderStreamError } = anthropicCodec;
const body = (type: string, message = 'msg') => ({ type: 'error', error: { type, message } });

describe('anthropic parseError', () => {
  it('maps error types to kinds and keeps the type as code', () => {
    const cases: [number, string, string][] = [
      [400, 'invalid_request_error', 'invalid_request'],
      [401, 'authentication_error', 'authentication'],
      [403, 'permission_error', 'permission'],
      [404, 'not_found_error', 'not_found'],
      [413, 'request_too_large', 'request_too_large'],
      [429, 'rate_limit_error', 'rate_limit'],
      [500, 'api_error', 'upstream'],
      [529, 'overloaded_error', 'overloaded'],
      [504, 'timeout_error', 'timeout'],
    ];
    for (const [status, type, kind] of cases) {
      expect(parseError(status, body(type))).toEqual({ kind, message: 'msg', status, code: type });
    }
  });

  it('falls back to the HTTP status for bodies without a type', () => {
    const kinds = [400, 401, 403, 404, 413, 429, 500, 502, 529].map(
      (status) => parseError(status, '<html>bad gateway</html>').kind,
    );
    expect(kinds).toEqual([
      'invalid_request',
      'authentication',
      'permission',
      'not_found',
      'request_too_large',
      'rate_limit',
      'upstream',
      'upstream',
      'overloaded',
    ]);
    expect(parseError(502, null)).toEqual({
      kind: 'upstream',
      message: 'Upstream answered 502.',
      status: 502,
    });
  });
});

describe('anthropic renderError', () => {
  it('renders the Anthropic error shape with the status kept', () => {
    expect(renderError(invalidRequest('max_tokens is required', 'max_tokens'))).toEqual({
      status: 400,
      body: {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'max_tokens is required' },
      },
    });
    const overloaded = new SwitchyardError('upstream_error', 'busy', {
      status: 529,
      kind: 'overloaded',
    });
    expect(renderError(overloaded)).toEqual({
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'busy' } },
    });
    const tooLarge = new SwitchyardError('body_too_large', 'big', { status: 413 });
    expect(renderError(tooLarge).body).toEqual({
      type: 'error',
      error: { type: 'request_too_large', message: 'big' },
    });
    const missing = new SwitchyardError('model_not_found', 'no such model', { status: 404 });
    expect(renderError(missing).body).toMatchObject({ error: { type: 'not_found_error' } });
  });

  it('renders a stream error as an event: error frame', () => {
    expect(renderStreamError({ kind: 'overloaded', message: 'Overloaded' })).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
  });
});
