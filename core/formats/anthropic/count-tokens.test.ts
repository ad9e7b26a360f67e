/** `/v1/messages/count_tokens` in both directions. */
import { describe, expect, it } from 'vitest';

import { SwitchyardError } from '../../shared/errors.js';
import type { Request } from '../ir/types.js';
import { anthropicCountTokens } from './count-tokens.js';

describe('anthropic countTokens', () => {
  it('parses a body without max_tokens', () => {
    const request = anthropicCountTokens.parseRequest({
      model: 'claude-sonnet-4-5',
      system: 'sys',
      messages: [{ role: 'user', content: 'count me' }],
    });
    expect(request).toMatchObject({
      model: 'claude-sonnet-4-5',
      system: [{ type: 'text', text: 'sys' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'count me' }] }],
      stream: false,
    });
    expect(request.maxOutputTokens).toBeUndefined();
    expect(() => anthropicCountTokens.parseRequest({ model: 'm', messages: [] })).toThrow(
      SwitchyardError,
    );
  });

  it('builds a count_tokens body: no max_tokens, stream or sampling settings', () => {
    const request: Request = {
      model: 'claude-sonnet-4-5',
      system: [{ type: 'text', text: 'sys' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      toolChoice: { type: 'auto' },
      reasoning: { enabled: true, budgetTokens: 2048 },
      maxOutputTokens: 100,
      temperature: 0.5,
      stream: true,
    };
    expect(anthropicCountTokens.buildRequest(request)).toEqual({
      model: 'claude-sonnet-4-5',
      system: [{ type: 'text', text: 'sys' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
      tool_choice: { type: 'auto' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
    });
  });

  it('reads input_tokens and rejects a reply without it', () => {
    expect(anthropicCountTokens.parseResponse({ input_tokens: 42 })).toBe(42);
    expect(() => anthropicCountTokens.parseResponse({})).toThrow(SwitchyardError);
  });

  it('labels a local estimate and only an estimate (trap 8)', () => {
    expect(anthropicCountTokens.renderResponse(42, false)).toEqual({ input_tokens: 42 });
    expect(anthropicCountTokens.renderResponse(17, true)).toEqual({
      input_tokens: 17,
      estimated: true,
    });
  });
});
