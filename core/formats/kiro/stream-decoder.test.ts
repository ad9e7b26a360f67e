// Kiro event stream → IR: text, tool calls in fragments, exceptions and corruption.
import { describe, expect, it } from 'vitest';
import { ResponseAggregator } from '../ir/aggregate.js';
import type { StreamEvent } from '../ir/types.js';
import { encodeFrame } from './event-stream.js';
import { createByteStreamDecoder } from './stream-decoder.js';

const event = (type: string, value: unknown): Buffer =>
  encodeFrame(
    { ':message-type': 'event', ':event-type': type },
    Buffer.from(JSON.stringify(value)),
  );

function decode(chunks: Buffer[]): StreamEvent[] {
  const decoder = createByteStreamDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

function aggregate(events: StreamEvent[]) {
  const aggregator = new ResponseAggregator();
  for (const e of events) aggregator.push(e);
  return aggregator;
}

describe('Kiro stream decoder', () => {
  it('turns text events into one text block and ends the turn', () => {
    const events = decode([
      event('assistantResponseEvent', { content: 'Hel' }),
      event('meteringEvent', { unit: 'credit', usage: 0.1 }),
      event('assistantResponseEvent', { content: 'lo' }),
    ]);
    const result = aggregate(events).result();
    expect(result.content).toEqual([{ type: 'text', text: 'Hello' }]);
    expect(result.stopReason).toBe('end_turn');
  });

  it('assembles a tool call from input fragments, split across chunks', () => {
    const bytes = Buffer.concat([
      event('assistantResponseEvent', { content: 'Checking.' }),
      event('toolUseEvent', { name: 'get_weather', toolUseId: 'tooluse_1', input: '' }),
      event('toolUseEvent', { name: 'get_weather', toolUseId: 'tooluse_1', input: '{"city":' }),
      event('toolUseEvent', { name: 'get_weather', toolUseId: 'tooluse_1', input: '"Paris"}' }),
      event('toolUseEvent', { name: 'get_weather', toolUseId: 'tooluse_1', stop: true }),
      event('toolUseEvent', { name: 'noop', toolUseId: 'tooluse_2', stop: true }),
    ]);
    const result = aggregate(decode([bytes.subarray(0, 50), bytes.subarray(50)])).result();
    expect(result.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_call', id: 'tooluse_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool_call', id: 'tooluse_2', name: 'noop', arguments: '{}' },
    ]);
    expect(result.stopReason).toBe('tool_use');
  });

  it('maps an exception frame to a typed error', () => {
    const events = decode([
      encodeFrame(
        { ':message-type': 'exception', ':exception-type': 'ThrottlingException' },
        Buffer.from(JSON.stringify({ message: 'Too many requests' })),
      ),
    ]);
    expect(events.at(-1)).toEqual({
      type: 'error',
      error: { kind: 'rate_limit', message: 'Too many requests', code: 'ThrottlingException' },
    });
    expect(events.some((e) => e.type === 'finish')).toBe(false);
  });

  it('turns a corrupt frame into an error event instead of throwing', () => {
    const bytes = event('assistantResponseEvent', { content: 'hi' });
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0x01, bytes.length - 1);
    const events = decode([event('assistantResponseEvent', { content: 'ok' }), bytes]);
    expect(events.filter((e) => e.type === 'text_delta')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream' } });
  });
});
