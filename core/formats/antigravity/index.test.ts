// Antigravity envelope over the Gemini codec: request wrapping and wrapped SSE chunks.
import { describe, expect, it } from 'vitest';
import { geminiCodec } from '../gemini/index.js';
import { ResponseAggregator } from '../ir/aggregate.js';
import { createAntigravityCodec } from './index.js';

const codec = createAntigravityCodec(geminiCodec);

describe('Antigravity codec', () => {
  it('wraps the Gemini body with the model and a request id', () => {
    const body = codec.buildRequest({
      model: 'gemini-3-pro-high',
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: true,
    });
    expect(body).toMatchObject({
      model: 'gemini-3-pro-high',
      request: {
        contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
        systemInstruction: { parts: [{ text: 'Be brief.' }] },
      },
    });
    expect(body['requestId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('unwraps streamed and whole responses', () => {
    const decoder = codec.createStreamDecoder?.();
    if (decoder === undefined) throw new Error('no decoder');
    const aggregator = new ResponseAggregator();
    const chunks = [
      { response: { candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] } }] } },
      {
        response: {
          candidates: [
            { content: { role: 'model', parts: [{ text: 'lo' }] }, finishReason: 'STOP' },
          ],
          usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
        },
      },
    ];
    for (const chunk of chunks) {
      for (const event of decoder.push({ data: JSON.stringify(chunk) })) aggregator.push(event);
    }
    for (const event of decoder.end()) aggregator.push(event);
    const result = aggregator.result();
    expect(result.content).toEqual([{ type: 'text', text: 'Hello' }]);
    expect(result.usage).toMatchObject({ input: 3, output: 2 });
    expect(codec.parseResponse(chunks[1]).content).toEqual([{ type: 'text', text: 'lo' }]);
  });
});
