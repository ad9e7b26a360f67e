/** Encoding IR events as a Responses stream, checked by parsing and by the openai SDK itself. */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';

import { SseParser } from '../../sse/parser.js';
import type { EncodeContext } from '../codec.js';
import type { StreamEvent } from '../ir/types.js';
import { renderStreamError } from './stream-encoder.js';
import { createStreamDecoder, createStreamEncoder } from './stream.js';

const context: EncodeContext = {
  model: 'anthropic/claude-sonnet',
  responseId: 'resp_sy1',
  created: 1_760_000_000,
};

interface Frame {
  event: string | undefined;
  data: Record<string, unknown>;
}

function encode(events: StreamEvent[]): string {
  const encoder = createStreamEncoder(context);
  return events.map((event) => encoder.push(event)).join('') + encoder.end();
}

function frames(text: string): Frame[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((event) => ({
    event: event.event,
    data: JSON.parse(event.data) as Record<string, unknown>,
  }));
}

const richEvents: StreamEvent[] = [
  { type: 'start', id: 'msg_01XYZ', model: 'claude-sonnet-4-5' },
  { type: 'block_start', index: 0, block: { type: 'reasoning' } },
  { type: 'reasoning_delta', index: 0, text: 'Think ' },
  { type: 'reasoning_delta', index: 0, text: 'hard.' },
  {
    type: 'reasoning_signature',
    index: 0,
    signature: 'EqQBsig==',
    origin: { provider: 'anthropic' },
  },
  { type: 'block_stop', index: 0 },
  { type: 'block_start', index: 1, block: { type: 'text' } },
  { type: 'text_delta', index: 1, text: 'Checking ' },
  { type: 'text_delta', index: 1, text: 'both.' },
  { type: 'block_stop', index: 1 },
  {
    type: 'block_start',
    index: 2,
    block: { type: 'tool_call', id: 'toolu_A', name: 'get_weather' },
  },
  { type: 'tool_args_delta', index: 2, json: '{"city":' },
  { type: 'tool_args_delta', index: 2, json: '"Paris"}' },
  { type: 'block_stop', index: 2 },
  {
    type: 'block_start',
    index: 3,
    block: { type: 'tool_call', id: 'toolu_B', name: 'get_weather' },
  },
  { type: 'tool_args_delta', index: 3, json: '{"city":"Rome"}' },
  { type: 'block_stop', index: 3 },
  { type: 'usage', usage: { input: 100, cacheRead: 50, cacheWrite: 25 } },
  { type: 'finish', stopReason: 'tool_use', usage: { output: 40, reasoning: 12 } },
];

describe('Responses stream encoder', () => {
  it('emits the canonical event order with increasing sequence numbers and no [DONE]', () => {
    const text = encode(richEvents);
    expect(text).not.toContain('[DONE]');
    const parsed = frames(text);
    for (const frame of parsed) expect(frame.event).toBe(frame.data.type);
    expect(parsed.map((frame) => frame.data.sequence_number)).toEqual(parsed.map((_, i) => i));
    expect(parsed.map((frame) => frame.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('writes full items, stable ids, sealed signatures and summed usage', () => {
    const parsed = frames(encode(richEvents));
    const created = parsed[0]?.data.response as Record<string, unknown>;
    expect(created).toMatchObject({
      id: 'resp_sy1',
      object: 'response',
      status: 'in_progress',
      model: 'anthropic/claude-sonnet',
      created_at: 1_760_000_000,
      output: [],
      usage: null,
    });
    const textDone = parsed.find((frame) => frame.event === 'response.output_text.done');
    expect(textDone?.data).toMatchObject({
      item_id: 'msg_sy1_1',
      output_index: 1,
      content_index: 0,
      text: 'Checking both.',
    });
    const argsDone = parsed.filter(
      (frame) => frame.event === 'response.function_call_arguments.done',
    );
    expect(argsDone.map((frame) => frame.data.arguments)).toEqual([
      '{"city":"Paris"}',
      '{"city":"Rome"}',
    ]);
    const final = parsed.at(-1)?.data.response as Record<string, unknown>;
    expect(final.status).toBe('completed');
    expect(final.incomplete_details).toBeNull();
    expect(final.output).toEqual([
      {
        id: 'rs_sy1_0',
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: 'Think hard.' }],
        encrypted_content: 'sy1.anthropic.EqQBsig==',
      },
      {
        id: 'msg_sy1_1',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Checking both.', annotations: [] }],
      },
      {
        id: 'fc_sy1_2',
        type: 'function_call',
        status: 'completed',
        call_id: 'toolu_A',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
      {
        id: 'fc_sy1_3',
        type: 'function_call',
        status: 'completed',
        call_id: 'toolu_B',
        name: 'get_weather',
        arguments: '{"city":"Rome"}',
      },
    ]);
    expect(final.usage).toEqual({
      input_tokens: 175,
      input_tokens_details: { cached_tokens: 50, cache_write_tokens: 25 },
      output_tokens: 40,
      output_tokens_details: { reasoning_tokens: 12 },
      total_tokens: 215,
    });
  });

  it('keeps upstream Responses ids when the IR carries them', () => {
    const parsed = frames(
      encode([
        { type: 'start', id: 'resp_up', model: 'gpt-5' },
        { type: 'block_start', index: 0, block: { type: 'reasoning', itemId: 'rs_up' } },
        { type: 'reasoning_signature', index: 0, encryptedContent: 'enc' },
        { type: 'block_stop', index: 0 },
        {
          type: 'block_start',
          index: 1,
          block: { type: 'tool_call', id: 'call_1', name: 'f', itemId: 'fc_up' },
        },
        { type: 'block_stop', index: 1 },
        { type: 'finish', stopReason: 'tool_use' },
      ]),
    );
    const final = parsed.at(-1)?.data.response as { id: string; output: unknown[]; usage: unknown };
    expect(final.id).toBe('resp_up');
    expect(final.output).toEqual([
      { id: 'rs_up', type: 'reasoning', summary: [], encrypted_content: 'enc' },
      {
        id: 'fc_up',
        type: 'function_call',
        status: 'completed',
        call_id: 'call_1',
        name: 'f',
        arguments: '{}',
      },
    ]);
    expect(final.usage).toBeNull();
  });

  it('handles a finish with no blocks and unclosed blocks at finish', () => {
    const empty = frames(
      encode([
        { type: 'start', id: 'x', model: 'm' },
        { type: 'finish', stopReason: 'end_turn' },
      ]),
    );
    expect(empty.map((frame) => frame.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.completed',
    ]);
    const unclosed = frames(
      encode([
        { type: 'block_start', index: 0, block: { type: 'text' } },
        { type: 'text_delta', index: 0, text: 'cut' },
        { type: 'finish', stopReason: 'max_tokens', usage: { input: 1, output: 2 } },
      ]),
    );
    expect(unclosed.map((frame) => frame.event).slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.incomplete',
    ]);
    expect(unclosed.at(-1)?.data.response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
  });

  it('renders content_filter as response.incomplete', () => {
    const parsed = frames(
      encode([
        { type: 'start', id: 'x', model: 'm' },
        { type: 'finish', stopReason: 'content_filter' },
      ]),
    );
    expect(parsed.at(-1)?.data).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'content_filter' } },
    });
  });

  it('renders a mid-stream error as response.failed and then nothing more', () => {
    const encoder = createStreamEncoder(context);
    let text = '';
    text += encoder.push({ type: 'start', id: 'x', model: 'm' });
    text += encoder.push({ type: 'block_start', index: 0, block: { type: 'text' } });
    text += encoder.push({ type: 'text_delta', index: 0, text: 'partial' });
    text += encoder.push({
      type: 'error',
      error: { kind: 'rate_limit', message: 'Too many requests', code: 'rate_limit_error' },
    });
    expect(encoder.push({ type: 'text_delta', index: 0, text: 'more' })).toBe('');
    expect(encoder.push({ type: 'finish', stopReason: 'end_turn' })).toBe('');
    expect(encoder.end()).toBe('');
    const parsed = frames(text);
    expect(parsed.at(-1)?.data).toMatchObject({
      type: 'response.failed',
      sequence_number: parsed.length - 1,
      response: {
        id: 'resp_sy1',
        status: 'failed',
        error: { code: 'rate_limit_exceeded', message: 'Too many requests' },
      },
    });
  });

  it('reports an unfinished stream as failed on end() and stays silent after a finish', () => {
    const encoder = createStreamEncoder(context);
    encoder.push({ type: 'start', id: 'x', model: 'm' });
    expect(frames(encoder.end()).map((frame) => frame.event)).toEqual(['response.failed']);
    const finished = createStreamEncoder(context);
    finished.push({ type: 'finish', stopReason: 'end_turn' });
    expect(finished.end()).toBe('');
    expect(createStreamEncoder(context).end()).toBe('');
  });

  it('renders a standalone stream error in the OpenAI error vocabulary', () => {
    const parsed = frames(
      renderStreamError({ kind: 'upstream', message: 'boom', code: 'overloaded_error' }),
    );
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({
      event: 'response.failed',
      data: {
        type: 'response.failed',
        response: { status: 'failed', error: { code: 'overloaded_error', message: 'boom' } },
      },
    });
  });

  it('decodes back to the same IR blocks (encoder ↔ decoder)', () => {
    const decoder = createStreamDecoder();
    const parser = new SseParser();
    const decoded = [...parser.push(encode(richEvents)), ...parser.end()].flatMap((event) =>
      decoder.push(event),
    );
    decoded.push(...decoder.end());
    const blocks = decoded
      .filter((event) => event.type === 'block_start')
      .map((event) => event.block);
    expect(blocks).toEqual([
      { type: 'reasoning', itemId: 'rs_sy1_0' },
      { type: 'text' },
      { type: 'tool_call', id: 'toolu_A', name: 'get_weather', itemId: 'fc_sy1_2' },
      { type: 'tool_call', id: 'toolu_B', name: 'get_weather', itemId: 'fc_sy1_3' },
    ]);
    expect(decoded.find((event) => event.type === 'reasoning_signature')).toEqual({
      type: 'reasoning_signature',
      index: 0,
      encryptedContent: 'sy1.anthropic.EqQBsig==',
    });
    expect(decoded.at(-1)).toEqual({
      type: 'finish',
      stopReason: 'tool_use',
      usage: { input: 100, output: 40, cacheRead: 50, cacheWrite: 25, reasoning: 12 },
    });
  });
});

describe('the openai SDK reading the encoded stream', () => {
  function clientServing(text: string): OpenAI {
    return new OpenAI({
      apiKey: 'test',
      baseURL: 'http://switchyard.test/v1',
      maxRetries: 0,
      fetch: () =>
        Promise.resolve(
          new globalThis.Response(text, { headers: { 'content-type': 'text/event-stream' } }),
        ),
    });
  }

  it('accumulates the full response through responses.stream', async () => {
    const stream = clientServing(encode(richEvents)).responses.stream({ model: 'x', input: 'hi' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.snapshot));
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(types.at(-1)).toBe('response.completed');
    expect(deltas).toEqual(['Checking ', 'Checking both.']);
    expect(final.output_text).toBe('Checking both.');
    expect(final.status).toBe('completed');
    expect(final.output.map((item) => item.type)).toEqual([
      'reasoning',
      'message',
      'function_call',
      'function_call',
    ]);
    expect(final.usage?.total_tokens).toBe(215);
  });

  it('accepts the stream through responses.create({ stream: true })', async () => {
    const stream = await clientServing(encode(richEvents)).responses.create({
      model: 'x',
      input: 'hi',
      stream: true,
    });
    let args = '';
    for await (const event of stream) {
      if (event.type === 'response.function_call_arguments.delta') args += event.delta;
    }
    expect(args).toBe('{"city":"Paris"}{"city":"Rome"}');
  });

  it('surfaces a mid-stream failure as a failed response', async () => {
    const text = encode([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'block_start', index: 0, block: { type: 'text' } },
      { type: 'text_delta', index: 0, text: 'partial' },
      { type: 'error', error: { kind: 'overloaded', message: 'Overloaded' } },
    ]);
    const stream = clientServing(text).responses.stream({ model: 'x', input: 'hi' });
    const final = await stream.finalResponse();
    expect(final.status).toBe('failed');
    expect(final.error?.message).toBe('Overloaded');
  });
});
