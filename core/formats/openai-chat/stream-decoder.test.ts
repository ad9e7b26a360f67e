/** Decoding realistic upstream chat streams into IR events. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { SseParser } from '../../sse/parser.js';
import type { StreamEvent } from '../ir/types.js';
import { createStreamDecoder } from './stream-decoder.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** Feeds SSE text through the parser in small pieces, as a socket would deliver it. */
function decodeText(text: string, piece = 61): StreamEvent[] {
  const parser = new SseParser();
  const decoder = createStreamDecoder();
  const out: StreamEvent[] = [];
  for (let i = 0; i < text.length; i += piece) {
    for (const event of parser.push(text.slice(i, i + piece))) out.push(...decoder.push(event));
  }
  for (const event of parser.end()) out.push(...decoder.push(event));
  out.push(...decoder.end());
  return out;
}

const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finish }] });

function decode(lines: string[], end = true): StreamEvent[] {
  const decoder = createStreamDecoder();
  const out = lines.flatMap((data) => decoder.push({ data }));
  if (end) out.push(...decoder.end());
  return out;
}

describe('chat stream decoder', () => {
  it('decodes reasoning, text, two parallel fragmented tool calls and the usage chunk', () => {
    const events = decodeText(fixture('reasoning-parallel-tools.sse'));
    expect(events).toEqual([
      { type: 'start', id: 'chatcmpl-B9x2', model: 'deepseek-reasoner' },
      { type: 'block_start', index: 0, block: { type: 'reasoning' } },
      { type: 'reasoning_delta', index: 0, text: 'The user wants ' },
      { type: 'reasoning_delta', index: 0, text: 'weather for Paris' },
      { type: 'reasoning_delta', index: 0, text: ' and Rome.' },
      { type: 'reasoning_delta', index: 0, text: ' Two calls.' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'text' } },
      { type: 'text_delta', index: 1, text: 'Checking ' },
      { type: 'text_delta', index: 1, text: 'both cities.' },
      { type: 'block_stop', index: 1 },
      {
        type: 'block_start',
        index: 2,
        block: { type: 'tool_call', id: 'call_Paris1', name: 'get_weather' },
      },
      { type: 'tool_args_delta', index: 2, json: '{"ci' },
      { type: 'tool_args_delta', index: 2, json: 'ty": "' },
      { type: 'tool_args_delta', index: 2, json: 'Paris"}' },
      { type: 'block_stop', index: 2 },
      {
        type: 'block_start',
        index: 3,
        block: { type: 'tool_call', id: 'call_Rome2', name: 'get_weather' },
      },
      { type: 'tool_args_delta', index: 3, json: '{"city"' },
      { type: 'tool_args_delta', index: 3, json: ': "Rome"}' },
      { type: 'block_stop', index: 3 },
      {
        type: 'usage',
        usage: { input: 176, output: 85, cacheRead: 1024, cacheWrite: 0, reasoning: 40 },
      },
      {
        type: 'finish',
        stopReason: 'tool_use',
        usage: { input: 176, output: 85, cacheRead: 1024, cacheWrite: 0, reasoning: 40 },
      },
    ]);
  });

  it('handles a chunk that carries both content and a tool call', () => {
    const events = decode([
      chunk({
        content: 'Let me check.',
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } },
        ],
      }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'start',
      'block_start',
      'text_delta',
      'block_stop',
      'block_start',
      'tool_args_delta',
      'block_stop',
      'finish',
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', stopReason: 'tool_use' });
  });

  it('reads `delta.reasoning` and keeps only one block open at a time', () => {
    const events = decode([
      chunk({ reasoning: 'a' }),
      chunk({ content: 'b' }),
      chunk({ reasoning: 'c' }),
      chunk({}, 'stop'),
      '[DONE]',
    ]);
    let open = 0;
    for (const event of events) {
      if (event.type === 'block_start') open += 1;
      if (event.type === 'block_stop') open -= 1;
      expect(open).toBeLessThanOrEqual(1);
    }
    expect(events.filter((event) => event.type === 'block_start')).toHaveLength(3);
    expect(events.at(-1)).toEqual({ type: 'finish', stopReason: 'end_turn' });
  });

  it('holds the finish until the usage chunk so the finish carries usage', () => {
    const decoder = createStreamDecoder();
    const first = decoder.push({ data: chunk({ content: 'hi' }, 'stop') });
    expect(first.some((event) => event.type === 'finish')).toBe(false);
    const usage = decoder.push({
      data: JSON.stringify({
        ...head,
        choices: [],
        usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
      }),
    });
    const expected = { input: 7, output: 2, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
    expect(usage).toEqual([
      { type: 'usage', usage: expected },
      { type: 'finish', stopReason: 'end_turn', usage: expected },
    ]);
    expect(decoder.push({ data: '[DONE]' })).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('finishes at end() when the upstream sent no [DONE], using usage from the finish chunk', () => {
    const events = decode([
      JSON.stringify({
        ...head,
        choices: [{ index: 0, delta: { content: 'x' }, finish_reason: 'length' }],
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
      }),
    ]);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      stopReason: 'max_tokens',
      usage: { input: 3, output: 1, cacheRead: 0, cacheWrite: 0, reasoning: 0 },
    });
  });

  it('maps content_filter and surfaces refusal deltas as text', () => {
    const events = decode([chunk({ refusal: 'No.' }), chunk({}, 'content_filter'), '[DONE]']);
    expect(events).toContainEqual({ type: 'text_delta', index: 0, text: 'No.' });
    expect(events.at(-1)).toEqual({ type: 'finish', stopReason: 'content_filter' });
  });

  it('turns an error object in the stream into an error event and stops', () => {
    const events = decode([
      chunk({ content: 'ab' }),
      JSON.stringify({
        error: { message: 'boom', type: 'server_error', param: null, code: null },
      }),
      chunk({ content: 'late' }),
    ]);
    expect(events.slice(-2)).toEqual([
      { type: 'block_stop', index: 0 },
      { type: 'error', error: { kind: 'upstream', message: 'boom', code: 'server_error' } },
    ]);
  });

  it('classifies stream errors by code, including numeric codes', () => {
    const [limited] = decode(
      [JSON.stringify({ error: { message: 'slow down', code: 'rate_limit_exceeded' } })],
      false,
    );
    expect(limited).toMatchObject({ type: 'error', error: { kind: 'rate_limit' } });
    const [overloaded] = decode([JSON.stringify({ error: { message: 'busy', code: 529 } })], false);
    expect(overloaded).toMatchObject({
      type: 'error',
      error: { kind: 'overloaded', status: 529 },
    });
  });

  it('reports a stream cut off before any finish_reason as an error', () => {
    const events = decode([chunk({ content: 'partial' })]);
    expect(events.slice(-2)).toEqual([
      { type: 'block_stop', index: 0 },
      {
        type: 'error',
        error: { kind: 'upstream', message: 'The upstream stream ended before a finish_reason' },
      },
    ]);
    expect(decode(['[DONE]'])).toMatchObject([{ type: 'error' }]);
  });

  it('tolerates tool call fragments without an index and synthesises a missing id', () => {
    const events = decode([
      chunk({ tool_calls: [{ id: 'call_a', function: { name: 'f', arguments: '{"a"' } }] }),
      chunk({ tool_calls: [{ function: { arguments: ':1}' } }] }),
      chunk({ tool_calls: [{ id: 'call_b', function: { name: 'g', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 5, function: { name: 'h', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ]);
    const starts = events.filter((event) => event.type === 'block_start');
    expect(starts.map((event) => event.block)).toMatchObject([
      { type: 'tool_call', id: 'call_a', name: 'f' },
      { type: 'tool_call', id: 'call_b', name: 'g' },
      { type: 'tool_call', id: expect.stringMatching(/^call_/), name: 'h' },
    ]);
    expect(events).toContainEqual({ type: 'tool_args_delta', index: 0, json: ':1}' });
  });

  it('ignores keep-alives, other choices and garbled lines', () => {
    const events = decode([
      '',
      'not json',
      JSON.stringify({ ...head, choices: [{ index: 1, delta: { content: 'other' } }] }),
      chunk({ content: 'mine' }),
      chunk({}, 'stop'),
      '[DONE]',
    ]);
    expect(events.filter((event) => event.type === 'text_delta')).toEqual([
      { type: 'text_delta', index: 0, text: 'mine' },
    ]);
  });
});
