/** Anthropic stream decoding (upstream SSE → IR) and encoding (IR → client SSE). */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { SseParser } from '../../sse/parser.js';
import type { EncodeContext } from '../codec.js';
import { ResponseAggregator } from '../ir/aggregate.js';
import { responseToEvents } from '../ir/replay.js';
import type { StreamEvent } from '../ir/types.js';
import { parseResponse } from './response.js';
import { createStreamDecoder } from './stream-decoder.js';
import { createStreamEncoder } from './stream-encoder.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

/** Feeds SSE text in small chunks, as a socket would deliver it. */
function decodeText(text: string, chunk = 61): StreamEvent[] {
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

const sse = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

const context: EncodeContext = {
  model: 'cc/claude-sonnet-4-5',
  responseId: 'resp_r1',
  created: 1_700_000_000,
};

function encode(events: StreamEvent[], ctx: EncodeContext = context): string {
  const encoder = createStreamEncoder(ctx);
  return events.map((e) => encoder.push(e)).join('') + encoder.end();
}

/** The client-side view: [event name, parsed data] per frame. */
function frames(text: string): [string, Record<string, unknown>][] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((e) => [
    e.event ?? '',
    JSON.parse(e.data) as Record<string, unknown>,
  ]);
}

describe('anthropic stream decoder', () => {
  it('decodes thinking with signature_delta, text, two tool calls and pings', () => {
    const events = decodeText(fixture('thinking-tools.sse'));
    expect(events).toEqual([
      {
        type: 'start',
        id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
        model: 'claude-sonnet-4-5-20250929',
        usage: { input: 472, cacheRead: 2048, cacheWrite: 0 },
      },
      { type: 'block_start', index: 0, block: { type: 'reasoning' } },
      { type: 'reasoning_delta', index: 0, text: 'The user wants weather for two cities.' },
      { type: 'reasoning_delta', index: 0, text: " I'll call get_weather twice in parallel." },
      {
        type: 'reasoning_signature',
        index: 0,
        signature:
          'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds3MhVGQnTkFMn4pD1dNFHHGbFcjR8AFXJCGfYaeE1YrHcVq7zNyHz0anm2iNkQ==',
      },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'text' } },
      { type: 'text_delta', index: 1, text: 'Let me check ' },
      { type: 'text_delta', index: 1, text: 'both cities.' },
      { type: 'block_stop', index: 1 },
      {
        type: 'block_start',
        index: 2,
        block: { type: 'tool_call', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' },
      },
      { type: 'tool_args_delta', index: 2, json: '{"city": "Par' },
      { type: 'tool_args_delta', index: 2, json: 'is"}' },
      { type: 'block_stop', index: 2 },
      {
        type: 'block_start',
        index: 3,
        block: { type: 'tool_call', id: 'toolu_01Abc2DefGhiJklMnoPqrStu', name: 'get_weather' },
      },
      { type: 'tool_args_delta', index: 3, json: '{"city":' },
      { type: 'tool_args_delta', index: 3, json: ' "Tokyo"}' },
      { type: 'block_stop', index: 3 },
      { type: 'usage', usage: { input: 472, output: 189, cacheRead: 2048, cacheWrite: 0 } },
      {
        type: 'finish',
        stopReason: 'tool_use',
        usage: { input: 472, output: 189, cacheRead: 2048, cacheWrite: 0, reasoning: 0 },
      },
    ]);
  });

  it('aggregates to the same response the JSON endpoint gives', () => {
    const aggregator = new ResponseAggregator();
    for (const event of decodeText(fixture('thinking-tools.sse'), 7)) aggregator.push(event);
    const result = aggregator.result();
    expect(result.content.map((p) => p.type)).toEqual([
      'reasoning',
      'text',
      'tool_call',
      'tool_call',
    ]);
    expect(result.content[2]).toMatchObject({ arguments: '{"city": "Paris"}' });
    expect(result.usage).toEqual({
      input: 472,
      output: 189,
      cacheRead: 2048,
      cacheWrite: 0,
      reasoning: 0,
    });
  });

  it('maps block indexes in order, skipping server tool blocks, and reads redacted thinking', () => {
    const events = decodeText(
      sse('message_start', {
        message: { id: 'msg_1', model: 'm', usage: { input_tokens: 3, output_tokens: 1 } },
      }) +
        sse('content_block_start', {
          index: 0,
          content_block: {
            type: 'server_tool_use',
            id: 'srvtoolu_1',
            name: 'web_search',
            input: {},
          },
        }) +
        sse('content_block_delta', {
          index: 0,
          delta: { type: 'input_json_delta', partial_json: '{}' },
        }) +
        sse('content_block_stop', { index: 0 }) +
        sse('content_block_start', {
          index: 1,
          content_block: { type: 'redacted_thinking', data: 'RED' },
        }) +
        sse('content_block_stop', { index: 1 }) +
        sse('content_block_start', { index: 2, content_block: { type: 'text', text: '' } }) +
        sse('content_block_delta', { index: 2, delta: { type: 'text_delta', text: 'hi' } }) +
        sse('content_block_stop', { index: 2 }) +
        sse('message_delta', {
          delta: { stop_reason: 'stop_sequence', stop_sequence: '##' },
          usage: { output_tokens: 9 },
        }) +
        sse('message_stop', {}),
    );
    expect(events).toEqual([
      { type: 'start', id: 'msg_1', model: 'm', usage: { input: 3 } },
      { type: 'block_start', index: 0, block: { type: 'reasoning', redactedData: 'RED' } },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'text' } },
      { type: 'text_delta', index: 1, text: 'hi' },
      { type: 'block_stop', index: 1 },
      { type: 'usage', usage: { output: 9 } },
      {
        type: 'finish',
        stopReason: 'stop_sequence',
        stopSequence: '##',
        usage: { input: 3, output: 9, cacheRead: 0, cacheWrite: 0, reasoning: 0 },
      },
    ]);
  });

  it('turns an error event into an IR error and stops', () => {
    const events = decodeText(
      sse('message_start', { message: { id: 'msg_1', model: 'm', usage: {} } }) +
        sse('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }) +
        sse('message_stop', {}),
    );
    expect(events.slice(1)).toEqual([
      {
        type: 'error',
        error: { kind: 'overloaded', message: 'Overloaded', code: 'overloaded_error' },
      },
    ]);
  });

  it('reports a stream cut before message_delta; tolerates a missing message_stop', () => {
    const cut = decodeText(sse('message_start', { message: { id: 'msg_1', model: 'm' } }));
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream' } });
    const noStop = decodeText(
      sse('message_start', { message: { id: 'msg_1', model: 'm' } }) +
        sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
        sse('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }),
    );
    expect(noStop.slice(-2)).toEqual([
      { type: 'block_stop', index: 0 },
      {
        type: 'finish',
        stopReason: 'end_turn',
        usage: { input: 0, output: 2, cacheRead: 0, cacheWrite: 0, reasoning: 0 },
      },
    ]);
    const garbled = createStreamDecoder().push({ event: 'message_start', data: '{nope' });
    expect(garbled).toEqual([
      {
        type: 'error',
        error: { kind: 'upstream', message: 'Anthropic sent a malformed stream event' },
      },
    ]);
  });
});

describe('anthropic stream encoder', () => {
  const origin = { provider: 'gemini' };
  const events: StreamEvent[] = [
    { type: 'start', id: 'resp_up', model: 'gemini-2.5-pro', usage: { input: 50, cacheRead: 10 } },
    { type: 'block_start', index: 0, block: { type: 'reasoning' } },
    { type: 'reasoning_delta', index: 0, text: 'Thinking…' },
    { type: 'reasoning_signature', index: 0, signature: 'SIG', origin },
    { type: 'block_stop', index: 0 },
    { type: 'block_start', index: 1, block: { type: 'text' } },
    { type: 'text_delta', index: 1, text: 'Hi' },
    { type: 'block_stop', index: 1 },
    { type: 'block_start', index: 2, block: { type: 'tool_call', id: 'call_1', name: 'f' } },
    { type: 'tool_args_delta', index: 2, json: '{"a":' },
    { type: 'tool_args_delta', index: 2, json: '1}' },
    { type: 'tool_signature', index: 2, signature: 'TSIG', origin },
    { type: 'block_stop', index: 2 },
    { type: 'usage', usage: { input: 50, output: 30, cacheRead: 10, reasoning: 12 } },
    { type: 'finish', stopReason: 'tool_use' },
  ];

  it('emits the exact Anthropic event sequence with no [DONE]', () => {
    const text = encode(events);
    expect(text).not.toContain('[DONE]');
    expect(text.startsWith('event: message_start\ndata: {')).toBe(true);
    expect(frames(text)).toEqual([
      [
        'message_start',
        {
          type: 'message_start',
          message: {
            id: 'msg_r1',
            type: 'message',
            role: 'assistant',
            model: 'cc/claude-sonnet-4-5',
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: {
              input_tokens: 50,
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: 10,
              output_tokens: 0,
            },
          },
        },
      ],
      [
        'content_block_start',
        {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        },
      ],
      [
        'content_block_delta',
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'thinking_delta', thinking: 'Thinking…' },
        },
      ],
      [
        'content_block_delta',
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'signature_delta', signature: 'sy1.gemini.SIG' },
        },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      [
        'content_block_start',
        { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hi' } },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 1 }],
      [
        'content_block_start',
        {
          type: 'content_block_start',
          index: 2,
          content_block: { type: 'tool_use', id: 'call_1', name: 'f', input: {} },
        },
      ],
      [
        'content_block_delta',
        {
          type: 'content_block_delta',
          index: 2,
          delta: { type: 'input_json_delta', partial_json: '{"a":' },
        },
      ],
      [
        'content_block_delta',
        {
          type: 'content_block_delta',
          index: 2,
          delta: { type: 'input_json_delta', partial_json: '1}' },
        },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 2 }],
      [
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: 'tool_use', stop_sequence: null },
          usage: {
            input_tokens: 50,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 10,
            output_tokens: 30,
          },
        },
      ],
      ['message_stop', { type: 'message_stop' }],
    ]);
  });

  it('keeps an upstream msg_ id and seals encrypted content as the signature', () => {
    const text = encode([
      { type: 'start', id: 'msg_upstream', model: 'x' },
      { type: 'block_start', index: 0, block: { type: 'reasoning' } },
      {
        type: 'reasoning_signature',
        index: 0,
        encryptedContent: 'gAAA',
        origin: { provider: 'openai' },
      },
      { type: 'block_stop', index: 0 },
      { type: 'finish', stopReason: 'end_turn' },
    ]);
    const parsed = frames(text);
    expect(parsed[0]?.[1]).toMatchObject({ message: { id: 'msg_upstream' } });
    expect(parsed[2]?.[1]).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'signature_delta', signature: 'sy1.openai.gAAA' },
    });
  });

  it('emits no signature_delta for an unsigned reasoning block', () => {
    const text = encode([
      { type: 'start', id: 'x', model: 'deepseek' },
      { type: 'block_start', index: 0, block: { type: 'reasoning' } },
      { type: 'reasoning_delta', index: 0, text: 'hmm' },
      { type: 'block_stop', index: 0 },
      { type: 'finish', stopReason: 'end_turn' },
    ]);
    expect(text).not.toContain('signature_delta');
  });

  it('synthesizes message_start, closes open blocks and maps stop sequences', () => {
    const names = frames(
      encode([
        { type: 'block_start', index: 0, block: { type: 'text' } },
        { type: 'text_delta', index: 0, text: 'a' },
        { type: 'finish', stopReason: 'stop_sequence', stopSequence: 'END', usage: { output: 3 } },
      ]),
    );
    expect(names.map(([n]) => n)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(names[4]?.[1]).toMatchObject({
      delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' },
      usage: { output_tokens: 3 },
    });
  });

  it('opens a block for a delta that came without block_start', () => {
    const names = frames(
      encode([
        { type: 'start', id: 'x', model: 'm' },
        { type: 'text_delta', index: 0, text: 'late' },
        { type: 'finish', stopReason: 'end_turn' },
      ]),
    ).map(([n]) => n);
    expect(names).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('writes an error event and nothing after it', () => {
    const text = encode([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'error', error: { kind: 'rate_limit', message: 'slow down' } },
      { type: 'finish', stopReason: 'end_turn' },
    ]);
    const parsed = frames(text);
    expect(parsed.map(([n]) => n)).toEqual(['message_start', 'error']);
    expect(parsed[1]?.[1]).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow down' },
    });
  });

  it('end() closes a stream that never finished, once', () => {
    const encoder = createStreamEncoder(context);
    encoder.push({ type: 'start', id: 'x', model: 'm' });
    encoder.push({ type: 'block_start', index: 0, block: { type: 'text' } });
    const closing = encoder.end();
    expect(frames(closing).map(([n]) => n)).toEqual([
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(encoder.end()).toBe('');
  });

  it('decodes its own output back to the same response', () => {
    const upstream = parseResponse({
      id: 'msg_1',
      type: 'message',
      model: 'claude',
      content: [
        { type: 'thinking', thinking: 't', signature: 'S' },
        { type: 'text', text: 'x' },
        { type: 'tool_use', id: 'toolu_1', name: 'f', input: { k: 'v' } },
      ],
      stop_reason: 'tool_use',
      usage: {
        input_tokens: 4,
        output_tokens: 6,
        cache_read_input_tokens: 1,
        cache_creation_input_tokens: 2,
      },
    });
    const text = encode(responseToEvents(upstream), { ...context, responseId: 'resp_1' });
    const aggregator = new ResponseAggregator();
    for (const event of decodeText(text)) aggregator.push(event);
    const again = aggregator.result();
    expect(again.content).toEqual(upstream.content);
    expect(again.usage).toEqual(upstream.usage);
    expect(again.stopReason).toBe('tool_use');
  });
});
