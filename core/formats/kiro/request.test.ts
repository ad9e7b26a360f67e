// IR → Kiro conversationState: history alternation, system text, tools and tool results.
import { describe, expect, it } from 'vitest';
import type { Request } from '../ir/types.js';
import { parseError } from './errors.js';
import { buildRequest } from './request.js';

const base: Request = { model: 'claude-sonnet-4.5', messages: [], stream: true };

describe('Kiro request', () => {
  it('puts system text first, history before, and tools on the current message', () => {
    const body = buildRequest({
      ...base,
      system: [{ type: 'text', text: 'Be brief.' }],
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'hmm' },
            { type: 'tool_call', id: 't1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', callId: 't1', content: [{ type: 'text', text: 'Sunny' }] },
          ],
        },
      ],
    });
    const state = body['conversationState'] as Record<string, unknown>;
    expect(state['chatTriggerType']).toBe('MANUAL');
    expect(state['conversationId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(state['history']).toEqual([
      {
        userInputMessage: {
          content: 'Be brief.\n\nWeather in Paris?',
          modelId: 'claude-sonnet-4.5',
          origin: 'AI_EDITOR',
        },
      },
      {
        assistantResponseMessage: {
          content: '',
          toolUses: [{ toolUseId: 't1', name: 'get_weather', input: { city: 'Paris' } }],
        },
      },
    ]);
    expect(state['currentMessage']).toEqual({
      userInputMessage: {
        content: '',
        modelId: 'claude-sonnet-4.5',
        origin: 'AI_EDITOR',
        userInputMessageContext: {
          toolResults: [{ toolUseId: 't1', content: [{ text: 'Sunny' }], status: 'success' }],
          tools: [
            {
              toolSpecification: {
                name: 'get_weather',
                description: 'Weather',
                inputSchema: { json: { type: 'object' } },
              },
            },
          ],
        },
      },
    });
  });

  it('refuses a conversation that ends with the assistant', () => {
    expect(() =>
      buildRequest({
        ...base,
        messages: [{ role: 'assistant', content: [{ type: 'text', text: 'x' }] }],
      }),
    ).toThrow(/end with a user turn/);
  });

  it('reads AWS JSON error bodies', () => {
    expect(
      parseError(429, {
        __type: 'com.amazon.aws.codewhisperer#ThrottlingException',
        message: 'Slow down',
      }),
    ).toEqual({
      kind: 'rate_limit',
      message: 'Slow down',
      status: 429,
      code: 'ThrottlingException',
    });
    expect(
      parseError(403, {
        message: 'The bearer token included in the request is invalid.',
        __type: 'AccessDeniedException',
      }).kind,
    ).toBe('authentication');
    expect(parseError(500, 'oops')).toMatchObject({ kind: 'upstream', message: 'oops' });
  });
});
