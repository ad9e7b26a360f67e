/** OpenAI-shaped error bodies in both directions. */
import { describe, expect, it } from 'vitest';

import { invalidRequest, SwitchyardError } from '../../shared/errors.js';
import { openaiResponsesCodec } from './index.js';

const { parseError, renderError } = openaiResponsesCodec;

describe('parseError', () => {
  it('reads the OpenAI error shape and keeps the upstream code', () => {
    expect(
      parseError(429, {
        error: {
          message: 'Rate limit reached',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      }),
    ).toEqual({
      kind: 'rate_limit',
      message: 'Rate limit reached',
      status: 429,
      code: 'rate_limit_exceeded',
    });
    expect(
      parseError(400, {
        error: {
          message: 'Too long',
          type: 'invalid_request_error',
          param: 'input',
          code: 'context_length_exceeded',
        },
      }),
    ).toMatchObject({ kind: 'invalid_request', code: 'context_length_exceeded' });
  });

  it('maps statuses to kinds and falls back to the type or a generic message', () => {
    const kinds = [401, 403, 404, 413, 408, 500, 502, 503, 504, 529].map(
      (status) => parseError(status, { error: { message: 'x', type: 'server_error' } }).kind,
    );
    expect(kinds).toEqual([
      'authentication',
      'permission',
      'not_found',
      'request_too_large',
      'timeout',
      'upstream',
      'upstream',
      'overloaded',
      'timeout',
      'overloaded',
    ]);
    expect(
      parseError(500, { error: { message: 'x', type: 'server_error', code: null } }).code,
    ).toBe('server_error');
    expect(parseError(502, '<html>Bad gateway</html>')).toEqual({
      kind: 'upstream',
      message: '<html>Bad gateway</html>',
      status: 502,
    });
    expect(parseError(500, undefined).message).toBe('Upstream answered 500.');
  });
});

describe('renderError', () => {
  it('renders {error: {message, type, param, code}} with the status', () => {
    expect(renderError(invalidRequest('`input` is required', 'input'))).toEqual({
      status: 400,
      body: {
        error: {
          message: '`input` is required',
          type: 'invalid_request_error',
          param: 'input',
          code: 'invalid_request',
        },
      },
    });
    const limited = new SwitchyardError('upstream_error', 'Slow down', {
      status: 429,
      kind: 'rate_limit',
    });
    expect(renderError(limited)).toEqual({
      status: 429,
      body: {
        error: {
          message: 'Slow down',
          type: 'rate_limit_error',
          param: null,
          code: 'upstream_error',
        },
      },
    });
  });
});

describe('openaiResponsesCodec', () => {
  it('declares its format and has no token counting', () => {
    expect(openaiResponsesCodec.format).toBe('openai-responses');
    expect(openaiResponsesCodec.countTokens).toBeUndefined();
  });
});
