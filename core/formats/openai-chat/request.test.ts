/** Chat request parsing: every field mapping, validation, and the request-side traps. */
import { describe, expect, it } from 'vitest';

import { isSwitchyardError } from '../../shared/errors.js';
import { parseRequest } from './request.js';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

function paramOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isSwitchyardError(error)) {
      expect(error.status).toBe(400);
      return error.param;
    }
    throw error;
  }
  throw new Error('expected a 400');
}

const user = (content: unknown) => ({ role: 'user', content });
const base = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt-5',
  messages: [user('hi')],
  ...extra,
});

describe('chat parseRequest: messages', () => {
  it('collects system and developer messages into IR system, in order, wherever they appear', () => {
    const request = parseRequest({
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'Be terse.' },
        user('hi'),
        { role: 'developer', content: [{ type: 'text', text: 'Use metric.' }] },
      ],
    });
    expect(request.system).toEqual([
      { type: 'text', text: 'Be terse.' },
      { type: 'text', text: 'Use metric.' },
    ]);
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('parses user text, base64 and URL images with detail, and files (trap 6)', () => {
    const request = parseRequest(
      base({
        messages: [
          user([
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: PNG, detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            {
              type: 'file',
              file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
            },
          ]),
        ],
      }),
    );
    expect(request.messages[0]?.content).toEqual([
      { type: 'text', text: 'What is this?' },
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
        detail: 'high',
      },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      {
        type: 'file',
        source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
        filename: 'a.pdf',
      },
    ]);
  });

  it('rejects input_audio and file_id with a 400 naming the part', () => {
    expect(
      paramOf(() =>
        parseRequest(
          base({
            messages: [
              user([{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }]),
            ],
          }),
        ),
      ),
    ).toBe('messages[0].content[0].type');
    expect(
      paramOf(() =>
        parseRequest(base({ messages: [user([{ type: 'file', file: { file_id: 'file-1' } }])] })),
      ),
    ).toBe('messages[0].content[0].file.file_data');
  });

  it('parses an assistant turn: reasoning first, then text, then tool calls with verbatim ids', () => {
    const request = parseRequest(
      base({
        messages: [
          user('weather?'),
          {
            role: 'assistant',
            content: 'Checking.',
            reasoning_content: 'Need two calls.',
            tool_calls: [
              {
                id: 'call_a',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
              { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_a', content: '18C' },
          { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: '09:00' }] },
          user('thanks'),
        ],
      }),
    );
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Need two calls.' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_call', id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool_call', id: 'call_b', name: 'get_time', arguments: '{}' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', callId: 'call_a', content: [{ type: 'text', text: '18C' }] },
          { type: 'tool_result', callId: 'call_b', content: [{ type: 'text', text: '09:00' }] },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
    ]);
  });

  it('reads `reasoning` when a client spells it that way, and null content with tool calls', () => {
    const request = parseRequest(
      base({
        messages: [
          user('x'),
          {
            role: 'assistant',
            content: null,
            reasoning: 'think',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
        ],
      }),
    );
    expect(request.messages[1]?.content).toEqual([
      { type: 'reasoning', text: 'think' },
      { type: 'tool_call', id: 'call_1', name: 'f', arguments: '{}' },
    ]);
  });

  it('keeps assistant refusals as text', () => {
    const request = parseRequest(
      base({
        messages: [
          user('x'),
          { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot.' }] },
          { role: 'assistant', content: null, refusal: 'No.' },
        ],
      }),
    );
    expect(request.messages[1]?.content).toEqual([{ type: 'text', text: 'I cannot.' }]);
    expect(request.messages[2]?.content).toEqual([{ type: 'text', text: 'No.' }]);
  });

  it('keeps images a tool returned inside its tool_result (trap 6)', () => {
    const request = parseRequest(
      base({
        messages: [
          user('x'),
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } },
            ],
          },
          {
            role: 'tool',
            tool_call_id: 'call_1',
            content: [
              { type: 'text', text: 'radar:' },
              { type: 'image_url', image_url: { url: PNG } },
            ],
          },
        ],
      }),
    );
    expect(request.messages[2]?.content[0]).toEqual({
      type: 'tool_result',
      callId: 'call_1',
      content: [
        { type: 'text', text: 'radar:' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
      ],
    });
  });

  it('never loses a tool call id: a tool message without one is a 400 (trap 3)', () => {
    expect(
      paramOf(() =>
        parseRequest(base({ messages: [user('x'), { role: 'tool', content: 'orphan' }] })),
      ),
    ).toBe('messages[1].tool_call_id');
    expect(
      paramOf(() =>
        parseRequest(
          base({
            messages: [
              { role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'f' } }] },
            ],
          }),
        ),
      ),
    ).toBe('messages[0].tool_calls[0].id');
  });

  it('validates the body, model, messages and roles', () => {
    expect(paramOf(() => parseRequest('nope'))).toBeUndefined();
    expect(paramOf(() => parseRequest({ messages: [user('x')] }))).toBe('model');
    expect(paramOf(() => parseRequest({ model: 'm' }))).toBe('messages');
    expect(paramOf(() => parseRequest({ model: 'm', messages: [] }))).toBe('messages');
    expect(paramOf(() => parseRequest({ model: 'm', messages: {} }))).toBe('messages');
    expect(paramOf(() => parseRequest(base({ messages: ['x'] })))).toBe('messages[0]');
    expect(paramOf(() => parseRequest(base({ messages: [{ role: 'robot', content: 'x' }] })))).toBe(
      'messages[0].role',
    );
    expect(paramOf(() => parseRequest(base({ messages: [user(42)] })))).toBe('messages[0].content');
    expect(
      paramOf(() => parseRequest(base({ messages: [user([{ type: 'video', video: {} }])] }))),
    ).toBe('messages[0].content[0].type');
    expect(
      paramOf(() =>
        parseRequest(base({ messages: [{ role: 'system', content: [{ type: 'image_url' }] }] })),
      ),
    ).toBe('messages[0].content[0]');
    expect(
      paramOf(() =>
        parseRequest(
          base({
            messages: [
              {
                role: 'assistant',
                tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }],
              },
            ],
          }),
        ),
      ),
    ).toBe('messages[0].tool_calls[0].function.arguments');
  });
});

describe('chat parseRequest: parameters', () => {
  it('maps every sampling and limit field', () => {
    const request = parseRequest(
      base({
        max_tokens: 100,
        temperature: 0.2,
        top_p: 0.9,
        stop: 'END',
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
        seed: 7,
        user: 'u-1',
        parallel_tool_calls: false,
      }),
    );
    expect(request).toMatchObject({
      maxOutputTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ['END'],
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      seed: 7,
      user: 'u-1',
      parallelToolCalls: false,
    });
    expect(request.extensions).toBeUndefined();
  });

  it('takes max_completion_tokens over max_tokens, and stop arrays', () => {
    const request = parseRequest(
      base({ max_tokens: 100, max_completion_tokens: 2000, stop: ['a', 'b'] }),
    );
    expect(request.maxOutputTokens).toBe(2000);
    expect(request.stopSequences).toEqual(['a', 'b']);
    expect(parseRequest(base({ max_completion_tokens: 5 })).maxOutputTokens).toBe(5);
  });

  it('treats an omitted stream as non-streaming and ignores stream_options (trap 7)', () => {
    expect(parseRequest(base()).stream).toBe(false);
    const streamed = parseRequest(base({ stream: true, stream_options: { include_usage: true } }));
    expect(streamed.stream).toBe(true);
    expect(streamed.extensions).toBeUndefined();
    expect(paramOf(() => parseRequest(base({ stream: 'yes' })))).toBe('stream');
  });

  it('parses function tools and keeps other tool types as hosted tools', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const request = parseRequest(
      base({
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              description: 'Weather',
              parameters: schema,
              strict: true,
            },
          },
          { type: 'function', function: { name: 'ping' } },
          { type: 'custom', custom: { name: 'grammar_tool' } },
        ],
      }),
    );
    expect(request.tools).toEqual([
      { name: 'get_weather', description: 'Weather', parameters: schema, strict: true },
      { name: 'ping', parameters: { type: 'object', properties: {} } },
    ]);
    expect(request.hostedTools).toEqual([
      { format: 'openai-chat', raw: { type: 'custom', custom: { name: 'grammar_tool' } } },
    ]);
    expect(paramOf(() => parseRequest(base({ tools: [{ type: 'function', function: {} }] })))).toBe(
      'tools[0].function.name',
    );
    expect(paramOf(() => parseRequest(base({ tools: {} })))).toBe('tools');
  });

  it('maps each tool_choice to its real equivalent (trap 4)', () => {
    expect(parseRequest(base({ tool_choice: 'none' })).toolChoice).toEqual({ type: 'none' });
    expect(parseRequest(base({ tool_choice: 'auto' })).toolChoice).toEqual({ type: 'auto' });
    expect(parseRequest(base({ tool_choice: 'required' })).toolChoice).toEqual({
      type: 'required',
    });
    expect(
      parseRequest(base({ tool_choice: { type: 'function', function: { name: 'f' } } })).toolChoice,
    ).toEqual({ type: 'tool', name: 'f' });
    const allowed = { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [] } };
    const kept = parseRequest(base({ tool_choice: allowed }));
    expect(kept.toolChoice).toBeUndefined();
    expect(kept.extensions?.['openai-chat']).toEqual({ tool_choice: allowed });
    expect(paramOf(() => parseRequest(base({ tool_choice: 'any' })))).toBe('tool_choice');
  });

  it('maps reasoning_effort, with none turning reasoning off', () => {
    expect(parseRequest(base({ reasoning_effort: 'high' })).reasoning).toEqual({
      enabled: true,
      effort: 'high',
    });
    expect(parseRequest(base({ reasoning_effort: 'none' })).reasoning).toEqual({
      enabled: false,
      effort: 'none',
    });
    expect(paramOf(() => parseRequest(base({ reasoning_effort: 'max' })))).toBe('reasoning_effort');
  });

  it('maps the three response formats', () => {
    expect(parseRequest(base({ response_format: { type: 'text' } })).responseFormat).toEqual({
      type: 'text',
    });
    expect(parseRequest(base({ response_format: { type: 'json_object' } })).responseFormat).toEqual(
      { type: 'json_object' },
    );
    const schema = { type: 'object', properties: {} };
    expect(
      parseRequest(
        base({
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'answer', schema, strict: true },
          },
        }),
      ).responseFormat,
    ).toEqual({ type: 'json_schema', name: 'answer', schema, strict: true });
    expect(
      paramOf(() =>
        parseRequest(base({ response_format: { type: 'json_schema', json_schema: {} } })),
      ),
    ).toBe('response_format.json_schema');
  });

  it('keeps unknown top-level fields in extensions', () => {
    const request = parseRequest(
      base({ n: 2, logprobs: true, metadata: { a: '1' }, prompt_cache_key: 'k', verbosity: 'low' }),
    );
    expect(request.extensions).toEqual({
      'openai-chat': {
        n: 2,
        logprobs: true,
        metadata: { a: '1' },
        prompt_cache_key: 'k',
        verbosity: 'low',
      },
    });
  });

  it('rejects badly typed scalars naming the field', () => {
    expect(paramOf(() => parseRequest(base({ temperature: 'hot' })))).toBe('temperature');
    expect(paramOf(() => parseRequest(base({ max_tokens: '10' })))).toBe('max_tokens');
    expect(paramOf(() => parseRequest(base({ stop: [1] })))).toBe('stop');
    expect(paramOf(() => parseRequest(base({ stream: true, stream_options: 'x' })))).toBe(
      'stream_options',
    );
  });
});
