/** IR events → chat.completion.chunk lines, chunk by chunk. */
import { describe, expect, it } from 'vitest';

import { SseParser } from '../../sse/parser.js';
import type { EncodeContext } from '../codec.js';
import { ResponseAggregator } from '../ir/aggregate.js';
import type { StreamEvent } from '../ir/types.js';
import { createStreamDecoder } from './stream-decoder.js';
import { createStreamEncoder } from './stream-encoder.js';

const context: EncodeContext = { model: 'sy/claude', responseId: 'r9', created: 1755000000 };
const usage = { input: 10, output: 30, cacheRead: 90, cacheWrite: 5, reasoning: 12 };

const events: StreamEvent[] = [
  { type: 'start', id: 'msg_01', model: 'claude-x' },
  { type: 'block_start', index: 0, block: { type: 'reasoning' } },
  { type: 'reasoning_delta', index: 0, text: 'Plan.' },
  { type: 'reasoning_signature', index: 0, signature: 'sig', origin: { provider: 'a' } },
  { type: 'block_stop', index: 0 },
  { type: 'block_start', index: 1, block: { type: 'text' } },
  { type: 'text_delta', index: 1, text: 'Hi' },
  { type: 'block_stop', index: 1 },
  { type: 'block_start', index: 2, block: { type: 'tool_call', id: 'toolu_a', name: 'f' } },
  { type: 'tool_args_delta', index: 2, json: '{"x":' },
  { type: 'tool_args_delta', index: 2, json: '1}' },
  { type: 'block_stop', index: 2 },
  { type: 'block_start', index: 3, block: { type: 'tool_call', id: 'toolu_b', name: 'g' } },
  { type: 'tool_args_delta', index: 3, json: '{}' },
  { type: 'block_stop', index: 3 },
  { type: 'usage', usage: { input: 10, cacheRead: 90, cacheWrite: 5 } },
  { type: 'finish', stopReason: 'tool_use', usage },
];

function encode(list: StreamEvent[], ctx: EncodeContext = context): string {
  const encoder = createStreamEncoder(ctx);
  return list.map((event) => encoder.push(event)).join('') + encoder.end();
}

/** The data lines of an encoded stream, JSON-parsed except the final [DONE]. */
function frames(text: string): unknown[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true);
      const data = frame.slice('data: '.length);
      return data === '[DONE]' ? data : (JSON.parse(data) as unknown);
    });
}

const head = {
  id: 'chatcmpl-r9',
  object: 'chat.completion.chunk',
  created: 1755000000,
  model: 'sy/claude',
};
const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({
  ...head,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
});

describe('chat stream encoder', () => {
  it('emits the exact chunk sequence without usage when the client did not ask', () => {
    expect(frames(encode(events))).toEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ reasoning_content: 'Plan.' }),
      choice({ content: 'Hi' }),
      choice({
        tool_calls: [
          { index: 0, id: 'toolu_a', type: 'function', function: { name: 'f', arguments: '' } },
        ],
      }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      choice({
        tool_calls: [
          { index: 1, id: 'toolu_b', type: 'function', function: { name: 'g', arguments: '' } },
        ],
      }),
      choice({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }),
      choice({}, 'tool_calls'),
      '[DONE]',
    ]);
  });

  it('adds usage: null to every chunk and a final usage chunk when include_usage is set', () => {
    const out = frames(encode(events, { ...context, includeUsage: true }));
    expect(out.at(-1)).toBe('[DONE]');
    expect(out.at(-2)).toEqual({
      ...head,
      choices: [],
      usage: {
        prompt_tokens: 105,
        completion_tokens: 30,
        total_tokens: 135,
        prompt_tokens_details: { cached_tokens: 90 },
        completion_tokens_details: { reasoning_tokens: 12 },
      },
    });
    expect(out.at(-3)).toEqual({ ...choice({}, 'tool_calls'), usage: null });
    expect(out.slice(0, -2).every((frame) => (frame as { usage: unknown }).usage === null)).toBe(
      true,
    );
    expect(out).toHaveLength(11);
  });

  it('never leaks signatures into the stream', () => {
    expect(encode(events)).not.toContain('sig');
  });

  it('keeps an upstream chatcmpl id and falls back to the context id otherwise', () => {
    const kept = frames(
      encode([
        { type: 'start', id: 'chatcmpl-up', model: 'm' },
        { type: 'finish', stopReason: 'end_turn' },
      ]),
    );
    expect(kept[0]).toMatchObject({ id: 'chatcmpl-up' });
    const noStart = frames(
      encode([
        { type: 'block_start', index: 0, block: { type: 'text' } },
        { type: 'text_delta', index: 0, text: 'x' },
        { type: 'finish', stopReason: 'max_tokens' },
      ]),
    );
    // A missing start still opens with the role chunk; a missing block_stop is harmless.
    expect(noStart).toEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ content: 'x' }),
      choice({}, 'length'),
      '[DONE]',
    ]);
  });

  it('writes the error as a data line and no [DONE] after it', () => {
    const encoder = createStreamEncoder(context);
    const text =
      encoder.push({ type: 'start', id: 'x', model: 'm' }) +
      encoder.push({ type: 'error', error: { kind: 'rate_limit', message: 'slow down' } });
    expect(frames(text).at(-1)).toEqual({
      error: { message: 'slow down', type: 'rate_limit_error', param: null, code: null },
    });
    expect(encoder.push({ type: 'text_delta', index: 0, text: 'late' })).toBe('');
    expect(encoder.end()).toBe('');
  });

  it('round-trips through its own decoder and aggregates to the same response', () => {
    const parser = new SseParser();
    const decoder = createStreamDecoder();
    const aggregator = new ResponseAggregator();
    const text = encode(events, { ...context, includeUsage: true });
    for (const sse of [...parser.push(text), ...parser.end()]) {
      for (const event of decoder.push(sse)) aggregator.push(event);
    }
    for (const event of decoder.end()) aggregator.push(event);
    const response = aggregator.result();
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Plan.' },
      { type: 'text', text: 'Hi' },
      { type: 'tool_call', id: 'toolu_a', name: 'f', arguments: '{"x":1}' },
      { type: 'tool_call', id: 'toolu_b', name: 'g', arguments: '{}' },
    ]);
    expect(response.stopReason).toBe('tool_use');
    // Chat cannot tell cache writes apart, so they come back inside input (never lost or doubled).
    expect(response.usage).toEqual({
      input: 15,
      output: 30,
      cacheRead: 90,
      cacheWrite: 0,
      reasoning: 12,
    });
  });
});
