/** Stream decoder and encoder tests for the Gemini codec. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { SseParser } from '../../sse/parser.js';
import { sseData } from '../../sse/writer.js';
import type { EncodeContext } from '../codec.js';
import type { StreamEvent } from '../ir/types.js';
import { createStreamDecoder } from './stream-decoder.js';
import { createStreamEncoder } from './stream-encoder.js';

function decodeText(text: string): StreamEvent[] {
  const parser = new SseParser();
  const decoder = createStreamDecoder();
  const events = [...parser.push(text), ...parser.end()];
  return [...events.flatMap((e) => decoder.push(e)), ...decoder.end()];
}

const fixture = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) =>
  sseData({ candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }] });

describe('gemini stream decoder', () => {
  it('decodes thoughts, a signed function call and a parallel call', () => {
    const events = decodeText(fixture('thinking-tools.sse'));
    const shapes = events.map((e) => (e.type === 'usage' ? 'usage' : e));
    expect(shapes[0]).toEqual({
      type: 'start',
      id: 'mK3aaPqRLrGJ1dkP2ZqY4QM',
      model: 'gemini-2.5-flash',
    });
    const noUsage = events.filter((e) => e.type !== 'usage').slice(1);
    const ids = noUsage.flatMap((e) =>
      e.type === 'block_start' && e.block.type === 'tool_call' ? [e.block.id] : [],
    );
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
    expect(noUsage).toEqual([
      { type: 'block_start', index: 0, block: { type: 'reasoning' } },
      { type: 'reasoning_delta', index: 0, text: '**Planning the lookup**\n\nThe user wants' },
      { type: 'reasoning_delta', index: 0, text: ' the weather in two cities.' },
      { type: 'block_stop', index: 0 },
      {
        type: 'block_start',
        index: 1,
        block: { type: 'tool_call', id: ids[0], name: 'get_weather' },
      },
      { type: 'tool_args_delta', index: 1, json: '{"city":"Paris"}' },
      { type: 'tool_signature', index: 1, signature: 'CpoCAdHtim8=' },
      { type: 'block_stop', index: 1 },
      {
        type: 'block_start',
        index: 2,
        block: { type: 'tool_call', id: ids[1], name: 'get_weather' },
      },
      { type: 'tool_args_delta', index: 2, json: '{"city":"Rome"}' },
      { type: 'block_stop', index: 2 },
      {
        type: 'finish',
        stopReason: 'tool_use',
        usage: { input: 412, output: 88, cacheRead: 0, cacheWrite: 0, reasoning: 58 },
      },
    ]);
    // Usage appears on every chunk; the last one wins.
    expect(events.filter((e) => e.type === 'usage')).toHaveLength(3);
  });

  it('turns a trailing empty-text signature into a signed reasoning block', () => {
    const events = decodeText(fixture('text-signature.sse')).filter((e) => e.type !== 'usage');
    expect(events.slice(1)).toEqual([
      { type: 'block_start', index: 0, block: { type: 'text' } },
      { type: 'text_delta', index: 0, text: 'Hello' },
      { type: 'text_delta', index: 0, text: ', world!' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'reasoning' } },
      { type: 'reasoning_signature', index: 1, signature: 'RW5kU2ln' },
      { type: 'block_stop', index: 1 },
      {
        type: 'finish',
        stopReason: 'end_turn',
        usage: { input: 3, output: 115, cacheRead: 2, cacheWrite: 0, reasoning: 111 },
      },
    ]);
  });

  it('attaches a signature on a thought part to the open reasoning block', () => {
    const events = decodeText(
      chunk([{ text: 'a', thought: true }]) +
        chunk([{ text: 'b', thought: true, thoughtSignature: 'S' }, { text: 'answer' }], {
          finishReason: 'MAX_TOKENS',
        }),
    );
    expect(events.slice(1)).toEqual([
      { type: 'block_start', index: 0, block: { type: 'reasoning' } },
      { type: 'reasoning_delta', index: 0, text: 'a' },
      { type: 'reasoning_delta', index: 0, text: 'b' },
      { type: 'reasoning_signature', index: 0, signature: 'S' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'text' } },
      { type: 'text_delta', index: 1, text: 'answer' },
      { type: 'block_stop', index: 1 },
      { type: 'finish', stopReason: 'max_tokens' },
    ]);
  });

  it('reports a truncated stream as an error, not a finish', () => {
    const events = decodeText(chunk([{ text: 'partial' }]));
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: { kind: 'upstream', message: 'Gemini stream ended before a finishReason' },
    });
    expect(events.some((e) => e.type === 'finish')).toBe(false);
  });

  it('maps an error payload inside the stream', () => {
    const events = decodeText(
      chunk([{ text: 'x' }]) +
        sseData({
          error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' },
        }),
    );
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: {
        kind: 'overloaded',
        message: 'The model is overloaded.',
        status: 503,
        code: 'UNAVAILABLE',
      },
    });
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
  });

  it('finishes with content_filter for a blocked prompt', () => {
    const events = decodeText(
      'data: {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}}\n\n',
    );
    expect(events.map((e) => e.type)).toEqual(['start', 'finish']);
    expect(events[1]).toEqual({ type: 'finish', stopReason: 'content_filter' });
  });
});

const context: EncodeContext = { model: 'gemini/gemini-2.5-pro', responseId: 'ctx-id', created: 1 };

function encode(events: StreamEvent[], ctx: EncodeContext = context): string {
  const encoder = createStreamEncoder(ctx);
  return events.map((e) => encoder.push(e)).join('') + encoder.end();
}

function sseBodies(text: string): unknown[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((e) => JSON.parse(e.data) as unknown);
}

const conversation: StreamEvent[] = [
  { type: 'start', id: 'resp_9', model: 'claude-sonnet-4' },
  { type: 'block_start', index: 0, block: { type: 'reasoning' } },
  { type: 'reasoning_delta', index: 0, text: 'Think' },
  { type: 'reasoning_signature', index: 0, signature: 'EqQB', origin: { provider: 'anthropic' } },
  { type: 'block_stop', index: 0 },
  { type: 'block_start', index: 1, block: { type: 'text' } },
  { type: 'text_delta', index: 1, text: 'Hi' },
  { type: 'block_stop', index: 1 },
  { type: 'block_start', index: 2, block: { type: 'tool_call', id: 'toolu_1', name: 'ls' } },
  { type: 'tool_args_delta', index: 2, json: '{"pa' },
  { type: 'tool_args_delta', index: 2, json: 'th":"/"}' },
  { type: 'tool_signature', index: 2, signature: 'c2ln', origin: { provider: 'gemini' } },
  { type: 'usage', usage: { input: 10, cacheRead: 5 } },
  { type: 'block_stop', index: 2 },
  { type: 'finish', stopReason: 'tool_use', usage: { output: 9, reasoning: 4 } },
];

const frame = (parts: unknown[]) => ({
  candidates: [{ content: { role: 'model', parts }, index: 0 }],
  modelVersion: context.model,
  responseId: 'resp_9',
});

const expectedBodies = [
  frame([{ text: 'Think', thought: true }]),
  frame([{ text: '', thought: true, thoughtSignature: 'sy1.anthropic.EqQB' }]),
  frame([{ text: 'Hi' }]),
  frame([
    { functionCall: { name: 'ls', args: { path: '/' } }, thoughtSignature: 'sy1.gemini.c2ln' },
  ]),
  {
    candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: 15,
      candidatesTokenCount: 5,
      totalTokenCount: 24,
      cachedContentTokenCount: 5,
      thoughtsTokenCount: 4,
    },
    modelVersion: context.model,
    responseId: 'resp_9',
  },
];

describe('gemini stream encoder', () => {
  it('writes SSE chunks in order with whole function calls and sealed signatures', () => {
    const text = encode(conversation);
    expect(text.endsWith('\n\n')).toBe(true);
    expect(sseBodies(text)).toEqual(expectedBodies);
  });

  it('writes a JSON array when the client did not ask for alt=sse', () => {
    const text = encode(conversation, { ...context, jsonArrayStream: true });
    expect(text.startsWith('[{')).toBe(true);
    expect(text).toContain('},\r\n{');
    expect(JSON.parse(text)).toEqual(expectedBodies);
    expect(encode([], { ...context, jsonArrayStream: true })).toBe('[]');
  });

  it('renders an error and then nothing more', () => {
    const text = encode([
      { type: 'start', id: 'r', model: 'm' },
      { type: 'block_start', index: 0, block: { type: 'text' } },
      { type: 'text_delta', index: 0, text: 'a' },
      { type: 'error', error: { kind: 'rate_limit', message: 'slow down', status: 429 } },
      { type: 'text_delta', index: 0, text: 'late' },
      { type: 'finish', stopReason: 'end_turn' },
    ]);
    const bodies = sseBodies(text);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual({
      error: { code: 429, message: 'slow down', status: 'RESOURCE_EXHAUSTED' },
    });
    const array = encode(
      [{ type: 'error', error: { kind: 'overloaded', message: 'busy', status: 529 } }],
      { ...context, jsonArrayStream: true },
    );
    expect(JSON.parse(array)).toEqual([
      { error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } },
    ]);
  });

  it('tolerates a finish with no blocks and no usage', () => {
    const bodies = sseBodies(encode([{ type: 'finish', stopReason: 'max_tokens' }]));
    expect(bodies).toEqual([
      {
        candidates: [
          { content: { role: 'model', parts: [] }, finishReason: 'MAX_TOKENS', index: 0 },
        ],
        modelVersion: context.model,
        responseId: 'ctx-id',
      },
    ]);
  });

  it('survives a decode → encode → parse round trip of a Gemini stream', () => {
    const events = decodeText(fixture('thinking-tools.sse'));
    const bodies = sseBodies(encode(events));
    const parts = bodies.flatMap((b) => {
      const c = (b as { candidates: { content: { parts: unknown[] } }[] }).candidates[0];
      return c?.content.parts ?? [];
    });
    expect(parts).toEqual([
      { text: '**Planning the lookup**\n\nThe user wants', thought: true },
      { text: ' the weather in two cities.', thought: true },
      {
        functionCall: { name: 'get_weather', args: { city: 'Paris' } },
        thoughtSignature: 'CpoCAdHtim8=',
      },
      { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
    ]);
  });
});
