/** Request parsing, building, round trips and the traps that touch Responses requests. */
import { describe, expect, it } from 'vitest';

import { isSwitchyardError } from '../../shared/errors.js';
import { buildRequest, parseRequest } from './request.js';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

/** A rich request in canonical Responses form (what buildRequest itself produces). */
function richRequest(): Record<string, unknown> {
  return {
    model: 'gpt-5',
    instructions: 'You are terse.',
    input: [
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is in these?' },
          { type: 'input_image', image_url: PNG, detail: 'high' },
          { type: 'input_image', image_url: 'https://example.com/cat.jpg', detail: 'auto' },
          {
            type: 'input_file',
            filename: 'report.pdf',
            file_data: 'data:application/pdf;base64,JVBERi0=',
          },
        ],
      },
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [{ type: 'summary_text', text: '**Plan**\n\nCheck both cities.' }],
        encrypted_content: 'gAAAA-opaque',
      },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
      {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_a',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
      {
        type: 'function_call',
        id: 'fc_2',
        call_id: 'call_b',
        name: 'get_weather',
        arguments: '{"city":"Rome"}',
      },
      { type: 'function_call_output', call_id: 'call_a', output: '18C' },
      {
        type: 'function_call_output',
        call_id: 'call_b',
        output: [
          { type: 'input_text', text: 'radar:' },
          { type: 'input_image', image_url: PNG, detail: 'auto' },
        ],
      },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Thanks' }] },
    ],
    tools: [
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
        strict: false,
      },
      { type: 'web_search', search_context_size: 'low' },
    ],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    max_output_tokens: 2048,
    temperature: 0.2,
    top_p: 0.9,
    reasoning: { effort: 'high', summary: 'auto' },
    text: {
      format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
      verbosity: 'low',
    },
    user: 'user-1',
    stream: true,
    store: false,
    include: ['reasoning.encrypted_content'],
    metadata: { team: 'a' },
    truncation: 'auto',
    service_tier: 'priority',
    prompt_cache_key: 'conv-1',
    previous_response_id: 'resp_prev',
    some_future_field: { x: 1 },
  };
}

function expectInvalid(body: unknown, param?: string): void {
  try {
    parseRequest(body);
  } catch (error) {
    expect(isSwitchyardError(error)).toBe(true);
    if (isSwitchyardError(error)) {
      expect(error.status).toBe(400);
      if (param !== undefined) expect(error.param).toBe(param);
    }
    return;
  }
  throw new Error('expected parseRequest to throw');
}

describe('parseRequest', () => {
  it('round-trips a rich canonical request', () => {
    const body = richRequest();
    expect(buildRequest(parseRequest(body))).toEqual(body);
  });

  it('maps the rich request into the IR', () => {
    const ir = parseRequest(richRequest());
    expect(ir.system).toEqual([{ type: 'text', text: 'You are terse.' }]);
    expect(ir.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(ir.messages[1]?.content).toEqual([
      {
        type: 'reasoning',
        text: '**Plan**\n\nCheck both cities.',
        itemId: 'rs_1',
        encryptedContent: 'gAAAA-opaque',
      },
      { type: 'text', text: 'Checking.' },
      {
        type: 'tool_call',
        id: 'call_a',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
        itemId: 'fc_1',
      },
      {
        type: 'tool_call',
        id: 'call_b',
        name: 'get_weather',
        arguments: '{"city":"Rome"}',
        itemId: 'fc_2',
      },
    ]);
    expect(ir.messages[2]?.content).toEqual([
      { type: 'tool_result', callId: 'call_a', content: [{ type: 'text', text: '18C' }] },
      {
        type: 'tool_result',
        callId: 'call_b',
        content: [
          { type: 'text', text: 'radar:' },
          {
            type: 'image',
            source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
            detail: 'auto',
          },
        ],
      },
      { type: 'text', text: 'Thanks' },
    ]);
    expect(ir.messages[0]?.content.slice(1)).toEqual([
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
        detail: 'high',
      },
      {
        type: 'image',
        source: { kind: 'url', url: 'https://example.com/cat.jpg' },
        detail: 'auto',
      },
      {
        type: 'file',
        source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
        filename: 'report.pdf',
      },
    ]);
    expect(ir.hostedTools).toEqual([
      { format: 'openai-responses', raw: { type: 'web_search', search_context_size: 'low' } },
    ]);
    expect(ir.reasoning).toEqual({ enabled: true, effort: 'high', summary: 'auto' });
    expect(ir.responseFormat).toEqual({
      type: 'json_schema',
      name: 'answer',
      schema: { type: 'object' },
      strict: true,
    });
    expect(ir.extensions?.['openai-responses']).toEqual({
      store: false,
      include: ['reasoning.encrypted_content'],
      metadata: { team: 'a' },
      truncation: 'auto',
      service_tier: 'priority',
      prompt_cache_key: 'conv-1',
      previous_response_id: 'resp_prev',
      some_future_field: { x: 1 },
      text: { verbosity: 'low' },
    });
  });

  it('treats a string input as one user message and an omitted stream as false', () => {
    const ir = parseRequest({ model: 'gpt-5', input: 'hi' });
    expect(ir).toEqual({
      model: 'gpt-5',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stream: false,
    });
  });

  it('accepts bare role items, sends system and developer items to system, merges roles', () => {
    const ir = parseRequest({
      model: 'm',
      instructions: 'Base rules.',
      input: [
        { role: 'developer', content: 'Dev rules.' },
        { role: 'system', content: [{ type: 'input_text', text: 'Sys rules.' }] },
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'input_text', text: 'two' }] },
        { role: 'assistant', content: 'reply' },
        { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] },
      ],
    });
    expect(ir.system).toEqual([
      { type: 'text', text: 'Base rules.' },
      { type: 'text', text: 'Dev rules.' },
      { type: 'text', text: 'Sys rules.' },
    ]);
    expect(ir.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'reply' },
          { type: 'text', text: 'no' },
        ],
      },
    ]);
    expect(buildRequest(ir).instructions).toBe('Base rules.\n\nDev rules.\n\nSys rules.');
  });

  it('skips hosted-tool items that have no IR meaning', () => {
    const ir = parseRequest({
      model: 'm',
      input: [
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(ir.messages).toHaveLength(1);
  });

  it('rejects malformed bodies naming the field', () => {
    expectInvalid(null);
    expectInvalid([]);
    expectInvalid({ input: 'hi' }, 'model');
    expectInvalid({ model: 3, input: 'hi' }, 'model');
    expectInvalid({ model: 'm' }, 'input');
    expectInvalid({ model: 'm', input: 42 }, 'input');
    expectInvalid({ model: 'm', input: [] }, 'input');
    expectInvalid({ model: 'm', input: [{ role: 'system', content: 'only system' }] }, 'input');
    expectInvalid({ model: 'm', input: ['text'] }, 'input[0]');
    expectInvalid({ model: 'm', input: [{ role: 'tool', content: 'x' }] }, 'input[0].role');
    expectInvalid({ model: 'm', input: [{ role: 'user', content: 7 }] }, 'input[0].content');
    expectInvalid(
      { model: 'm', input: [{ role: 'user', content: [{ type: 'image', url: 'x' }] }] },
      'input[0].content[0].type',
    );
    expectInvalid(
      { model: 'm', input: [{ role: 'user', content: [{ type: 'input_text' }] }] },
      'input[0].content[0].text',
    );
    expectInvalid(
      { model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'f' }] }] },
      'input[0].content[0].image_url',
    );
    expectInvalid(
      { model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] },
      'input[0].call_id',
    );
    expectInvalid(
      { model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 5 }] },
      'input[0].output',
    );
    expectInvalid({ model: 'm', input: 'hi', tools: {} }, 'tools');
    expectInvalid({ model: 'm', input: 'hi', tools: [{ type: 'function' }] }, 'tools[0].name');
    expectInvalid({ model: 'm', input: 'hi', tools: [{ name: 'f' }] }, 'tools[0]');
    expectInvalid(
      { model: 'm', input: 'hi', tools: [{ type: 'function', name: 'f', parameters: 'x' }] },
      'tools[0].parameters',
    );
    expectInvalid({ model: 'm', input: 'hi', tool_choice: 'any' }, 'tool_choice');
    expectInvalid({ model: 'm', input: 'hi', stream: 'yes' }, 'stream');
    expectInvalid({ model: 'm', input: 'hi', max_output_tokens: '10' }, 'max_output_tokens');
    expectInvalid({ model: 'm', input: 'hi', reasoning: { effort: 'max' } }, 'reasoning.effort');
    expectInvalid(
      { model: 'm', input: 'hi', text: { format: { type: 'xml' } } },
      'text.format.type',
    );
  });
});

describe('signatures on the way in (trap 1)', () => {
  it('unseals encrypted content and records its origin', () => {
    const ir = parseRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'hi' },
        {
          type: 'reasoning',
          id: 'rs_a',
          summary: [{ type: 'summary_text', text: 'thought' }],
          encrypted_content: 'sy1.anthropic.EqQBCkYIBRgC',
        },
        { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'raw' }] },
      ],
    });
    expect(ir.messages[1]?.content).toEqual([
      {
        type: 'reasoning',
        text: 'thought',
        itemId: 'rs_a',
        encryptedContent: 'EqQBCkYIBRgC',
        signature: 'EqQBCkYIBRgC',
        origin: { provider: 'anthropic' },
      },
      { type: 'reasoning', text: 'raw' },
    ]);
  });
});

describe('response formats', () => {
  it('maps text and json_object formats both ways', () => {
    for (const type of ['text', 'json_object']) {
      const parsed = parseRequest({ model: 'm', input: 'hi', text: { format: { type } } });
      expect(parsed.responseFormat).toEqual({ type });
      expect(buildRequest(parsed).text).toEqual({ format: { type } });
    }
  });

  it('reads files by URL and raw base64', () => {
    const ir = parseRequest({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_file', file_url: 'https://example.com/a.pdf' },
            { type: 'input_file', filename: 'notes.txt', file_data: 'aGk=' },
          ],
        },
      ],
    });
    expect(ir.messages[0]?.content).toEqual([
      { type: 'file', source: { kind: 'url', url: 'https://example.com/a.pdf' } },
      {
        type: 'file',
        source: { kind: 'base64', mediaType: 'text/plain', data: 'aGk=' },
        filename: 'notes.txt',
      },
    ]);
    expect(buildRequest(ir).input).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_file', file_url: 'https://example.com/a.pdf' },
          { type: 'input_file', filename: 'notes.txt', file_data: 'data:text/plain;base64,aGk=' },
        ],
      },
    ]);
  });
});
