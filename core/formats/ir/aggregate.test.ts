import { describe, expect, it } from 'vitest';
import { ResponseAggregator } from './aggregate.js';
import { responseToEvents } from './replay.js';
import type { Response } from './types.js';

const response: Response = {
  id: 'r1',
  model: 'm',
  stopReason: 'tool_use',
  usage: { input: 10, output: 20, cacheRead: 5, cacheWrite: 1, reasoning: 7 },
  content: [
    { type: 'reasoning', text: 'think', signature: 'sig', origin: { provider: 'p' } },
    { type: 'text', text: 'hello' },
    { type: 'tool_call', id: 'c1', name: 'f', arguments: '{"a":1}', signature: 'ts' },
  ],
};

describe('responseToEvents and ResponseAggregator', () => {
  it('are inverse: a response replayed and folded comes back equal', () => {
    const aggregator = new ResponseAggregator();
    for (const event of responseToEvents(response)) aggregator.push(event);
    expect(aggregator.result()).toEqual(response);
  });

  it('keeps the first in-stream error', () => {
    const aggregator = new ResponseAggregator();
    aggregator.push({ type: 'error', error: { kind: 'overloaded', message: 'busy' } });
    aggregator.push({ type: 'error', error: { kind: 'upstream', message: 'later' } });
    expect(aggregator.error?.message).toBe('busy');
  });

  it('merges usage field by field', () => {
    const aggregator = new ResponseAggregator();
    aggregator.push({ type: 'start', id: 'x', model: 'm', usage: { input: 3 } });
    aggregator.push({ type: 'finish', stopReason: 'end_turn', usage: { output: 4 } });
    expect(aggregator.result().usage).toEqual({
      input: 3,
      output: 4,
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
    });
  });
});
