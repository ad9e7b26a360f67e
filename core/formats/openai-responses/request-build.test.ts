/** buildRequest from IR that other formats produced: tools, reasoning, tool_choice, ids. */
import { describe, expect, it } from 'vitest';

import type { Request } from '../ir/types.js';
import { buildRequest, parseRequest } from './request.js';

describe('tool_choice (trap 4)', () => {
  const cases: [unknown, Request['toolChoice']][] = [
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'required' }],
    [
      { type: 'function', name: 'get_weather' },
      { type: 'tool', name: 'get_weather' },
    ],
  ];
  for (const [wire, ir] of cases) {
    it(`maps ${JSON.stringify(wire)} both ways`, () => {
      const parsed = parseRequest({ model: 'm', input: 'hi', tool_choice: wire });
      expect(parsed.toolChoice).toEqual(ir);
      expect(buildRequest(parsed).tool_choice).toEqual(wire);
    });
  }

  it('keeps a hosted tool choice for a Responses upstream only', () => {
    const parsed = parseRequest({ model: 'm', input: 'hi', tool_choice: { type: 'web_search' } });
    expect(parsed.toolChoice).toBeUndefined();
    expect(buildRequest(parsed).tool_choice).toEqual({ type: 'web_search' });
  });
});

describe('buildRequest from other formats', () => {
  const base: Request = {
    model: 'gpt-5',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    stream: false,
  };

  it('writes minimal canonical bodies and omits stream when false', () => {
    expect(buildRequest(base)).toEqual({
      model: 'gpt-5',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
    });
  });

  it('sends function tools flat with an explicit strict flag and drops foreign hosted tools', () => {
    const body = buildRequest({
      ...base,
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      hostedTools: [{ format: 'anthropic', raw: { type: 'web_search_20250305' } }],
    });
    expect(body.tools).toEqual([
      { type: 'function', name: 'f', parameters: { type: 'object' }, strict: false },
    ]);
  });

  it('drops unsigned reasoning and reasoning without encrypted content (trap 1)', () => {
    const body = buildRequest({
      ...base,
      messages: [
        ...base.messages,
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'thinking aloud' },
            { type: 'reasoning', text: '', encryptedContent: 'enc', itemId: 'not-rs' },
            { type: 'text', text: 'answer' },
          ],
        },
      ],
    });
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      { type: 'reasoning', summary: [], encrypted_content: 'enc' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'answer' }] },
    ]);
  });

  it('sends back encrypted content that came home through a one-slot format as `signature`', () => {
    // Gemini clients carry it as thoughtSignature; the engine keeps it only for its minter.
    const body = buildRequest({
      ...base,
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: '', signature: 'enc-blob', origin: { provider: 'oa' } },
            { type: 'text', text: 'answer' },
          ],
        },
      ],
    });
    expect(body.input).toContainEqual({
      type: 'reasoning',
      summary: [],
      encrypted_content: 'enc-blob',
    });
  });

  it('writes the encrypted content byte for byte (already filtered by the engine)', () => {
    const body = buildRequest({
      ...base,
      messages: [
        {
          role: 'assistant',
          content: [
            {
              type: 'reasoning',
              text: 's',
              encryptedContent: 'gAAAA+/=',
              itemId: 'rs_9',
              origin: { provider: 'openai' },
            },
          ],
        },
      ],
    });
    expect(body.input).toEqual([
      {
        type: 'reasoning',
        id: 'rs_9',
        summary: [{ type: 'summary_text', text: 's' }],
        encrypted_content: 'gAAAA+/=',
      },
    ]);
  });

  it('orders tool results and user text as the IR does, one output per call', () => {
    const body = buildRequest({
      ...base,
      messages: [
        {
          role: 'assistant',
          content: [{ type: 'tool_call', id: 'toolu_1', name: 'f', arguments: '{}', itemId: 'x' }],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              callId: 'toolu_1',
              content: [
                { type: 'text', text: 'a' },
                { type: 'text', text: 'b' },
              ],
              isError: true,
            },
            { type: 'text', text: 'next' },
            {
              type: 'image',
              source: { kind: 'base64', mediaType: 'image/jpeg', data: 'QUJD' },
            },
            {
              type: 'file',
              source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' },
            },
          ],
        },
      ],
    });
    expect(body.input).toEqual([
      { type: 'function_call', call_id: 'toolu_1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'toolu_1', output: 'a\nb' },
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'next' },
          { type: 'input_image', image_url: 'data:image/jpeg;base64,QUJD', detail: 'auto' },
          {
            type: 'input_file',
            filename: 'document.pdf',
            file_data: 'data:application/pdf;base64,JVBE',
          },
        ],
      },
    ]);
  });

  it('is deterministic: the same history builds the same body (trap 3)', () => {
    const ir: Request = {
      ...base,
      messages: [
        ...base.messages,
        {
          role: 'assistant',
          content: [{ type: 'tool_call', id: 'toolu_1', name: 'f', arguments: '{"a":1}' }],
        },
        { role: 'user', content: [{ type: 'tool_result', callId: 'toolu_1', content: [] }] },
      ],
    };
    const first = JSON.stringify(buildRequest(ir));
    expect(JSON.stringify(buildRequest(structuredClone(ir)))).toBe(first);
    expect(first).toContain('"call_id":"toolu_1"');
  });
});

describe('reasoning config (trap 2)', () => {
  const toolTurn: Request = {
    model: 'gpt-5',
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '{}' }] },
      { role: 'user', content: [{ type: 'tool_result', callId: 'c', content: [] }] },
    ],
    stream: true,
  };

  it('maps a budget to an effort and asks for encrypted reasoning, even after a tool result', () => {
    const body = buildRequest({ ...toolTurn, reasoning: { enabled: true, budgetTokens: 24_576 } });
    expect(body.reasoning).toEqual({ effort: 'high' });
    expect(body.include).toEqual(['reasoning.encrypted_content']);
    expect(body.store).toBe(false);
    expect((body.input as unknown[])[2]).toEqual({
      type: 'function_call_output',
      call_id: 'c',
      output: '',
    });
  });

  it('keeps a client store/include choice', () => {
    const body = buildRequest({
      ...toolTurn,
      reasoning: { enabled: true, effort: 'low', summary: 'detailed' },
      extensions: { 'openai-responses': { store: true, include: [] } },
    });
    expect(body.reasoning).toEqual({ effort: 'low', summary: 'detailed' });
    expect(body.store).toBe(true);
    expect(body.include).toEqual([]);
  });

  it('maps effort none to disabled and back, and omits other disabled configs', () => {
    const parsed = parseRequest({ model: 'm', input: 'hi', reasoning: { effort: 'none' } });
    expect(parsed.reasoning).toEqual({ enabled: false, effort: 'none' });
    expect(buildRequest(parsed)).toEqual({
      model: 'm',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
      reasoning: { effort: 'none' },
    });
    expect(buildRequest({ ...toolTurn, reasoning: { enabled: false } }).reasoning).toBeUndefined();
  });

  it('ignores extensions of other formats', () => {
    const body = buildRequest({ ...toolTurn, extensions: { anthropic: { metadata: { a: 1 } } } });
    expect(body.metadata).toBeUndefined();
  });
});
