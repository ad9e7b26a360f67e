import { describe, expect, it } from 'vitest';
import type { Request } from '../formats/ir/types.js';
import { ReasoningMemory } from './reasoning-memory.js';

const origin = { provider: 'claude' };

function nextTurn(assistant: Request['messages'][number]['content']): Request {
  return {
    model: 'm',
    stream: false,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      { role: 'assistant', content: assistant },
      {
        role: 'user',
        content: [
          { type: 'tool_result', callId: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] },
        ],
      },
    ],
  };
}

describe('ReasoningMemory', () => {
  it('restores signed thinking ahead of a tool call the client sent back bare', () => {
    const memory = new ReasoningMemory();
    memory.remember(
      {
        content: [
          { type: 'reasoning', text: 'call the tool', signature: 'sig-1' },
          { type: 'tool_call', id: 'toolu_1', name: 'weather', arguments: '{}' },
        ],
      },
      origin,
    );
    const restored = memory.restore(
      nextTurn([
        { type: 'reasoning', text: 'call the tool' },
        { type: 'tool_call', id: 'toolu_1', name: 'weather', arguments: '{}' },
      ]),
    );
    expect(restored.messages[1]?.content).toEqual([
      { type: 'reasoning', text: 'call the tool', signature: 'sig-1', origin },
      { type: 'tool_call', id: 'toolu_1', name: 'weather', arguments: '{}' },
    ]);
  });

  it('restores a Gemini call signature', () => {
    const memory = new ReasoningMemory();
    memory.remember(
      {
        content: [
          { type: 'tool_call', id: 'toolu_1', name: 'weather', arguments: '{}', signature: 'g' },
        ],
      },
      { provider: 'gm' },
    );
    const restored = memory.restore(
      nextTurn([{ type: 'tool_call', id: 'toolu_1', name: 'weather', arguments: '{}' }]),
    );
    expect(restored.messages[1]?.content[0]).toMatchObject({
      signature: 'g',
      origin: { provider: 'gm' },
    });
  });

  it('leaves requests alone when nothing is remembered for their calls', () => {
    const memory = new ReasoningMemory();
    const request = nextTurn([
      { type: 'tool_call', id: 'toolu_1', name: 'weather', arguments: '{}' },
    ]);
    expect(memory.restore(request)).toBe(request);
  });

  it('forgets the oldest entries beyond its capacity', () => {
    const memory = new ReasoningMemory(1);
    const response = (id: string) => ({
      content: [{ type: 'tool_call' as const, id, name: 'f', arguments: '{}', signature: id }],
    });
    memory.remember(response('toolu_1'), origin);
    memory.remember(response('toolu_2'), origin);
    const request = nextTurn([{ type: 'tool_call', id: 'toolu_1', name: 'f', arguments: '{}' }]);
    expect(memory.restore(request)).toBe(request);
  });
});
