/** chat.completion ↔ IR response, including the usage arithmetic of trap 5. */
import { describe, expect, it } from 'vitest';

import { isSwitchyardError } from '../../shared/errors.js';
import type { EncodeContext } from '../codec.js';
import type { Response } from '../ir/types.js';
import { parseResponse, renderResponse } from './response.js';

const context: EncodeContext = { model: 'sy/gpt-5', responseId: 'r123', created: 1755000000 };

function completion(message: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    id: 'chatcmpl-abc',
    object: 'chat.completion',
    created: 1,
    model: 'deepseek-reasoner',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }],
    ...extra,
  };
}

function upstreamStatus(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (isSwitchyardError(error)) return error.status;
    throw error;
  }
  return undefined;
}

describe('chat parseResponse', () => {
  it('reads reasoning, text and tool calls in that order, ids verbatim', () => {
    const response = parseResponse({
      ...completion({
        content: 'Checking.',
        reasoning_content: 'Two calls.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'w', arguments: '{"c":"P"}' } },
          { id: 'call_b', type: 'function', function: { name: 'w', arguments: '' } },
        ],
      }),
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking.',
            reasoning_content: 'Two calls.',
            tool_calls: [
              { id: 'call_a', type: 'function', function: { name: 'w', arguments: '{"c":"P"}' } },
              { id: 'call_b', type: 'function', function: { name: 'w', arguments: '' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });
    expect(response).toMatchObject({
      id: 'chatcmpl-abc',
      model: 'deepseek-reasoner',
      stopReason: 'tool_use',
      content: [
        { type: 'reasoning', text: 'Two calls.' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call', id: 'call_a', name: 'w', arguments: '{"c":"P"}' },
        { type: 'tool_call', id: 'call_b', name: 'w', arguments: '{}' },
      ],
    });
  });

  it('reads `reasoning` (OpenRouter, vLLM) and refusals', () => {
    expect(parseResponse(completion({ content: 'a', reasoning: 'r' })).content).toEqual([
      { type: 'reasoning', text: 'r' },
      { type: 'text', text: 'a' },
    ]);
    const refused = parseResponse(completion({ content: null, refusal: 'I cannot help.' }));
    expect(refused.content).toEqual([{ type: 'text', text: 'I cannot help.' }]);
    expect(refused.stopReason).toBe('refusal');
  });

  it('maps every finish_reason', () => {
    const reason = (finish: unknown, message: Record<string, unknown> = { content: 'x' }) =>
      parseResponse({
        ...completion(message),
        choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
      }).stopReason;
    expect(reason('stop')).toBe('end_turn');
    expect(reason('length')).toBe('max_tokens');
    expect(reason('tool_calls')).toBe('tool_use');
    expect(reason('function_call')).toBe('tool_use');
    expect(reason('content_filter')).toBe('content_filter');
    expect(reason(null)).toBe('other');
    const withCall = {
      content: null,
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
    };
    // Some compatible servers say "stop" after a tool call; the agent loop must still go on.
    expect(reason('stop', withCall)).toBe('tool_use');
  });

  it('splits cached tokens out of prompt_tokens and keeps reasoning inside output (trap 5)', () => {
    const response = parseResponse(
      completion(
        { content: 'x' },
        {
          usage: {
            prompt_tokens: 1200,
            completion_tokens: 85,
            total_tokens: 1285,
            prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
            completion_tokens_details: { reasoning_tokens: 40, audio_tokens: 0 },
          },
        },
      ),
    );
    expect(response.usage).toEqual({
      input: 176,
      output: 85,
      cacheRead: 1024,
      cacheWrite: 0,
      reasoning: 40,
    });
  });

  it('reads DeepSeek prompt_cache_hit_tokens without counting the cache twice (trap 5)', () => {
    const deepseek = {
      prompt_tokens: 1000,
      completion_tokens: 10,
      total_tokens: 1010,
      prompt_cache_hit_tokens: 600,
      prompt_cache_miss_tokens: 400,
    };
    expect(parseResponse(completion({ content: 'x' }, { usage: deepseek })).usage).toMatchObject({
      input: 400,
      cacheRead: 600,
    });
    const both = { ...deepseek, prompt_tokens_details: { cached_tokens: 600 } };
    expect(parseResponse(completion({ content: 'x' }, { usage: both })).usage).toMatchObject({
      input: 400,
      cacheRead: 600,
    });
  });

  it('adds reasoning to output only when total_tokens shows it was counted apart', () => {
    const usage = {
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 35,
      completion_tokens_details: { reasoning_tokens: 20 },
    };
    expect(parseResponse(completion({ content: 'x' }, { usage })).usage).toMatchObject({
      output: 25,
      reasoning: 20,
    });
  });

  it('reports zero usage, never padded, when the upstream sent none', () => {
    expect(parseResponse(completion({ content: 'x' })).usage).toEqual({
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
    });
  });

  it('answers 502 for replies that are not chat completions', () => {
    expect(upstreamStatus(() => parseResponse('garbage'))).toBe(502);
    expect(upstreamStatus(() => parseResponse({ object: 'list' }))).toBe(502);
    expect(() => parseResponse({ error: { message: 'quota gone' } })).toThrow('quota gone');
  });
});

describe('chat renderResponse', () => {
  const response: Response = {
    id: 'msg_01',
    model: 'claude-x',
    content: [
      { type: 'reasoning', text: 'Plan.', signature: 'sig', origin: { provider: 'anthropic' } },
      { type: 'text', text: 'Checking ' },
      { type: 'text', text: 'now.' },
      { type: 'tool_call', id: 'toolu_1', name: 'w', arguments: '{"c":"P"}' },
    ],
    stopReason: 'tool_use',
    usage: { input: 10, output: 30, cacheRead: 90, cacheWrite: 5, reasoning: 12 },
  };

  it('renders a chat.completion with reasoning_content and tool calls, no signatures', () => {
    const body = renderResponse(response, context);
    expect(body).toEqual({
      id: 'chatcmpl-r123',
      object: 'chat.completion',
      created: 1755000000,
      model: 'sy/gpt-5',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking now.',
            refusal: null,
            reasoning_content: 'Plan.',
            tool_calls: [
              { id: 'toolu_1', type: 'function', function: { name: 'w', arguments: '{"c":"P"}' } },
            ],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 105,
        completion_tokens: 30,
        total_tokens: 135,
        prompt_tokens_details: { cached_tokens: 90 },
        completion_tokens_details: { reasoning_tokens: 12 },
      },
    });
    expect(JSON.stringify(body)).not.toContain('sig');
  });

  it('uses null content when the turn only calls tools, and keeps a chatcmpl id', () => {
    const body = renderResponse(
      {
        ...response,
        id: 'chatcmpl-up',
        content: [{ type: 'tool_call', id: 'call_1', name: 'f', arguments: '' }],
      },
      context,
    );
    expect(body.id).toBe('chatcmpl-up');
    expect(body).toMatchObject({
      choices: [
        {
          message: {
            content: null,
            tool_calls: [{ id: 'call_1', function: { name: 'f', arguments: '{}' } }],
          },
        },
      ],
    });
  });

  it('maps stop reasons to finish_reason', () => {
    const finish = (stopReason: Response['stopReason']) =>
      (
        renderResponse({ ...response, stopReason }, context).choices as { finish_reason: string }[]
      )[0]?.finish_reason;
    expect(finish('end_turn')).toBe('stop');
    expect(finish('stop_sequence')).toBe('stop');
    expect(finish('max_tokens')).toBe('length');
    expect(finish('tool_use')).toBe('tool_calls');
    expect(finish('content_filter')).toBe('content_filter');
    expect(finish('refusal')).toBe('content_filter');
  });

  it('round-trips usage through the chat shape without drift (trap 5)', () => {
    const parsed = parseResponse(
      renderResponse({ ...response, usage: { ...response.usage, cacheWrite: 0 } }, context),
    );
    expect(parsed.usage).toEqual({
      input: 10,
      output: 30,
      cacheRead: 90,
      cacheWrite: 0,
      reasoning: 12,
    });
  });
});
