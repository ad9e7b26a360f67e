/** Decoding realistic upstream Responses streams into IR events. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { SseParser } from '../../sse/parser.js';
import type { SseEvent } from '../../sse/types.js';
import type { StreamEvent } from '../ir/types.js';
import { createStreamDecoder } from './stream-decoder.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** Feeds SSE text through the parser in small chunks, as a socket would deliver it. */
function decodeText(text: string, chunk = 97): StreamEvent[] {
  const parser = new SseParser();
  const decoder = createStreamDecoder();
  const out: StreamEvent[] = [];
  for (let i = 0; i < text.length; i += chunk) {
    for (const event of parser.push(text.slice(i, i + chunk))) out.push(...decoder.push(event));
  }
  for (const event of parser.end()) out.push(...decoder.push(event));
  out.push(...decoder.end());
  return out;
}

function decodeEvents(events: Record<string, unknown>[]): StreamEvent[] {
  const decoder = createStreamDecoder();
  const out: StreamEvent[] = [];
  events.forEach((data, i) => {
    const sse: SseEvent = { data: JSON.stringify({ sequence_number: i, ...data }) };
    if (typeof data.type === 'string') sse.event = data.type;
    out.push(...decoder.push(sse));
  });
  out.push(...decoder.end());
  return out;
}

/** Concatenated deltas per IR block, for compact assertions. */
function blockTexts(events: StreamEvent[]): string[] {
  const texts: string[] = [];
  for (const event of events) {
    if (event.type === 'block_start') texts[event.index] = '';
    if (event.type === 'text_delta' || event.type === 'reasoning_delta') {
      texts[event.index] += event.text;
    }
    if (event.type === 'tool_args_delta') texts[event.index] += event.json;
  }
  return texts;
}

const created = {
  type: 'response.created',
  response: { id: 'resp_1', model: 'gpt-5', status: 'in_progress', output: [] },
};
const completed = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'response.completed',
  response: { id: 'resp_1', model: 'gpt-5', status: 'completed', output: [], ...extra },
});

describe('Responses stream decoder', () => {
  it('decodes reasoning with encrypted content, text and parallel fragmented tool calls', () => {
    const events = decodeText(fixture('reasoning-parallel-tools.sse'));
    const s1 = '**Checking cities**\n\nI need weather for both.';
    const s2 = '**Calling tools**\n\nTwo calls in parallel.';
    expect(events[0]).toEqual({ type: 'start', id: 'resp_68a1', model: 'gpt-5-2025-08-07' });
    expect(events.filter((e) => e.type === 'block_start')).toEqual([
      { type: 'block_start', index: 0, block: { type: 'reasoning', itemId: 'rs_68a1r' } },
      { type: 'block_start', index: 1, block: { type: 'text' } },
      {
        type: 'block_start',
        index: 2,
        block: { type: 'tool_call', id: 'call_Paris1', name: 'get_weather', itemId: 'fc_68a1a' },
      },
      {
        type: 'block_start',
        index: 3,
        block: { type: 'tool_call', id: 'call_Rome2', name: 'get_weather', itemId: 'fc_68a1b' },
      },
    ]);
    expect(blockTexts(events)).toEqual([
      `${s1}\n\n${s2}`,
      'Let me check.',
      '{"city":"Paris"}',
      '{"city":"Rome"}',
    ]);
    // The signature comes whole, inside its block, right before that block stops.
    const signatureAt = events.findIndex((e) => e.type === 'reasoning_signature');
    expect(events[signatureAt]).toEqual({
      type: 'reasoning_signature',
      index: 0,
      encryptedContent: 'gAAAAABoEnc+/==',
    });
    expect(events[signatureAt + 1]).toEqual({ type: 'block_stop', index: 0 });
    expect(events.at(-1)).toEqual({
      type: 'finish',
      stopReason: 'tool_use',
      usage: { input: 243, output: 412, cacheRead: 1280, cacheWrite: 0, reasoning: 320 },
    });
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(0);
    expect(JSON.stringify(events)).not.toContain('origin');
  });

  it('keeps blocks strictly sequential', () => {
    const events = decodeText(fixture('reasoning-parallel-tools.sse'), 13);
    let open: number | undefined;
    let next = 0;
    for (const event of events) {
      if (event.type === 'block_start') {
        expect(open).toBeUndefined();
        expect(event.index).toBe(next++);
        open = event.index;
      } else if (event.type === 'block_stop') {
        expect(event.index).toBe(open);
        open = undefined;
      } else if ('index' in event) {
        expect(event.index).toBe(open);
      }
    }
    expect(open).toBeUndefined();
  });

  it('maps response.incomplete for max_output_tokens to max_tokens', () => {
    const events = decodeEvents([
      created,
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { id: 'msg_1', type: 'message', content: [] },
      },
      {
        type: 'response.output_text.delta',
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta: 'Long',
      },
      {
        type: 'response.incomplete',
        response: {
          id: 'resp_1',
          status: 'incomplete',
          incomplete_details: { reason: 'max_output_tokens' },
          output: [],
          usage: {
            input_tokens: 5,
            output_tokens: 16,
            output_tokens_details: { reasoning_tokens: 0 },
          },
        },
      },
    ]);
    expect(events.slice(-2)).toEqual([
      { type: 'block_stop', index: 0 },
      {
        type: 'finish',
        stopReason: 'max_tokens',
        usage: { input: 5, output: 16, cacheRead: 0, cacheWrite: 0, reasoning: 0 },
      },
    ]);
  });

  it('fills in text and arguments that only arrive in .done events', () => {
    const events = decodeEvents([
      created,
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { id: 'msg_1', type: 'message', content: [] },
      },
      {
        type: 'response.output_text.delta',
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta: 'Hel',
      },
      {
        type: 'response.output_text.done',
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        text: 'Hello',
      },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { id: 'msg_1', type: 'message', content: [{ type: 'output_text', text: 'Hello' }] },
      },
      {
        type: 'response.output_item.added',
        output_index: 1,
        item: { id: 'fc_1', type: 'function_call', call_id: 'c1', name: 'f', arguments: '' },
      },
      {
        type: 'response.function_call_arguments.done',
        item_id: 'fc_1',
        output_index: 1,
        arguments: '{"a":1}',
      },
      {
        type: 'response.output_item.done',
        output_index: 1,
        item: { id: 'fc_1', type: 'function_call', call_id: 'c1', name: 'f', arguments: '{"a":1}' },
      },
      completed(),
    ]);
    expect(blockTexts(events)).toEqual(['Hello', '{"a":1}']);
    expect(events.at(-1)).toEqual({ type: 'finish', stopReason: 'tool_use' });
  });

  it('replays items that only appear in the final response object', () => {
    const events = decodeEvents([
      created,
      completed({
        output: [
          {
            id: 'rs_1',
            type: 'reasoning',
            summary: [{ type: 'summary_text', text: 'hm' }],
            encrypted_content: 'e',
          },
          { id: 'msg_1', type: 'message', content: [{ type: 'output_text', text: 'Hi' }] },
        ],
      }),
    ]);
    expect(events).toEqual([
      { type: 'start', id: 'resp_1', model: 'gpt-5' },
      { type: 'block_start', index: 0, block: { type: 'reasoning', itemId: 'rs_1' } },
      { type: 'reasoning_delta', index: 0, text: 'hm' },
      { type: 'reasoning_signature', index: 0, encryptedContent: 'e' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'text' } },
      { type: 'text_delta', index: 1, text: 'Hi' },
      { type: 'block_stop', index: 1 },
      { type: 'finish', stopReason: 'end_turn' },
    ]);
  });

  it('skips hosted-tool items and ignores [DONE] lines', () => {
    const decoder = createStreamDecoder();
    const out = [
      ...decoder.push({ event: 'response.created', data: JSON.stringify(created) }),
      ...decoder.push({
        data: JSON.stringify({
          type: 'response.output_item.added',
          output_index: 0,
          item: { id: 'ws_1', type: 'web_search_call', status: 'in_progress' },
        }),
      }),
      ...decoder.push({
        data: JSON.stringify({
          type: 'response.output_item.done',
          output_index: 0,
          item: { id: 'ws_1', type: 'web_search_call', status: 'completed' },
        }),
      }),
      ...decoder.push({
        data: JSON.stringify({
          type: 'response.output_text.delta',
          item_id: 'msg_1',
          output_index: 1,
          content_index: 0,
          delta: 'Found it',
        }),
      }),
      ...decoder.push({ data: JSON.stringify(completed()) }),
      ...decoder.push({ data: '[DONE]' }),
      ...decoder.end(),
    ];
    expect(out).toEqual([
      { type: 'start', id: 'resp_1', model: 'gpt-5' },
      { type: 'block_start', index: 0, block: { type: 'text' } },
      { type: 'text_delta', index: 0, text: 'Found it' },
      { type: 'block_stop', index: 0 },
      { type: 'finish', stopReason: 'end_turn' },
    ]);
  });

  it('turns an error event into an IR error and stops there', () => {
    const events = decodeEvents([
      created,
      { type: 'error', code: 'rate_limit_exceeded', message: 'Slow down', param: null },
      completed(),
    ]);
    expect(events).toEqual([
      { type: 'start', id: 'resp_1', model: 'gpt-5' },
      {
        type: 'error',
        error: { kind: 'rate_limit', message: 'Slow down', code: 'rate_limit_exceeded' },
      },
    ]);
  });

  it('turns response.failed into an IR error', () => {
    const events = decodeEvents([
      created,
      {
        type: 'response.failed',
        response: {
          id: 'resp_1',
          status: 'failed',
          output: [],
          error: { code: 'server_error', message: 'The model crashed' },
        },
      },
    ]);
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: { kind: 'upstream', message: 'The model crashed', code: 'server_error' },
    });
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(0);
  });

  it('reports a truncated stream as an error, not a finish', () => {
    const text = fixture('reasoning-parallel-tools.sse');
    // Cut mid-stream, just as the second tool call is announced.
    const truncated = text.slice(0, text.lastIndexOf('event: response.output_item.added'));
    expect(truncated.length).toBeGreaterThan(0);
    const events = decodeText(truncated);
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(0);
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: { kind: 'upstream', message: 'The upstream stream ended before response.completed' },
    });
  });
});
