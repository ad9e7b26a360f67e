/** OpenAI error bodies both ways. */
import { describe, expect, it } from 'vitest';

import { invalidRequest, SwitchyardError } from '../../shared/errors.js';
import { parseError, renderError, renderStreamError } from './errors.js';

describe('chat parseError', () => {
  it('reads message and prefers error.code over error.type', () => {
    expect(
      parseError(429, {
        error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
      }),
    ).toEqual({
      kind: 'rate_limit',
      message: 'Rate limit reached',
      status: 429,
      code: 'rate_limit_exceeded',
    });
    expect(
      parseError(401, { error: { message: 'bad key', type: 'invalid_request_error' } }),
    ).toEqual({
      kind: 'authentication',
      message: 'bad key',
      status: 401,
      code: 'invalid_request_error',
    });
  });

  it('maps statuses to kinds, with 408 and 504 as timeouts', () => {
    const kind = (status: number) => parseError(status, {}).kind;
    expect(kind(400)).toBe('invalid_request');
    expect(kind(403)).toBe('permission');
    expect(kind(404)).toBe('not_found');
    expect(kind(413)).toBe('request_too_large');
    expect(kind(408)).toBe('timeout');
    expect(kind(504)).toBe('timeout');
    expect(kind(503)).toBe('overloaded');
    expect(kind(500)).toBe('upstream');
  });

  it('reads string error bodies and bare strings', () => {
    expect(parseError(500, { error: 'model crashed' })).toEqual({
      kind: 'upstream',
      message: 'model crashed',
      status: 500,
    });
    expect(parseError(502, 'Bad Gateway').message).toBe('Bad Gateway');
    expect(parseError(500, null).message).toBe('Upstream answered 500.');
  });

  it('classifies an unexpected status by its code', () => {
    expect(
      parseError(200, { error: { message: 'too long', code: 'context_length_exceeded' } }).kind,
    ).toBe('invalid_request');
  });
});

describe('chat renderError', () => {
  it('renders a request error with its param and code', () => {
    expect(renderError(invalidRequest('`model` is bad', 'model'))).toEqual({
      status: 400,
      body: {
        error: {
          message: '`model` is bad',
          type: 'invalid_request_error',
          param: 'model',
          code: 'invalid_request',
        },
      },
    });
  });

  it('renders timeouts and upstream failures with their OpenAI types', () => {
    const timeout = new SwitchyardError('upstream_timeout', 'too slow', { status: 504 });
    expect(renderError(timeout).body).toMatchObject({ error: { type: 'timeout_error' } });
    const upstream = new SwitchyardError('upstream_error', 'bad', { status: 502 });
    expect(renderError(upstream)).toMatchObject({ status: 502, body: { error: { param: null } } });
  });

  it('renders a stream error as one data line', () => {
    const text = renderStreamError({ kind: 'overloaded', message: 'busy', code: 'overloaded' });
    expect(text).toBe(
      'data: {"error":{"message":"busy","type":"server_error","param":null,"code":"overloaded"}}\n\n',
    );
  });
});
