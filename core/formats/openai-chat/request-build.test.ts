/** IR → chat body: every mapping, upstream quirks, and the build-side traps. */
import { describe, expect, it } from 'vitest';

import { isSwitchyardError } from '../../shared/errors.js';
import type { Message, Request } from '../ir/types.js';
import { buildRequest, parseRequest } from './request.js';

const PNG_SOURCE = { kind: 'base64' as const, mediaType: 'image/png', data: 'iVBORw0KGgo=' };
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

const toolRound: Message[] = [
  { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Rome?' }] },
  {
    role: 'assistant',
    content: [
      { type: 'reasoning', text: 'Two calls.', signature: 'sig-abc', origin: { provider: 'x' } },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_call', id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool_call', id: 'toolu_02', name: 'get_weather', arguments: '' },
    ],
  },
  {
    role: 'user',
    content: [
      { type: 'tool_result', callId: 'toolu_01', content: [{ type: 'text', text: '18C' }] },
      {
        type: 'tool_result',
        callId: 'toolu_02',
        content: [
          { type: 'text', text: 'radar:' },
          { type: 'image', source: PNG_SOURCE },
        ],
      },
      { type: 'text', text: 'Summarise.' },
    ],
  },
];

const ir = (extra: Partial<Request> = {}): Request => ({
  model: 'deepseek-chat',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  stream: false,
  ...extra,
});

describe('chat buildRequest', () => {
  it('builds system, tool rounds and tool results with their ids kept verbatim (trap 3)', () => {
    const body = buildRequest(
      ir({
        system: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B' },
        ],
        messages: toolRound,
      }),
    );
    expect(body.messages).toEqual([
      { role: 'system', content: 'A\n\nB' },
      { role: 'user', content: 'weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          {
            id: 'toolu_01',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          { id: 'toolu_02', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01', content: '18C' },
      { role: 'tool', tool_call_id: 'toolu_02', content: 'radar:' },
      // Tool images travel in a user message right after the tool answers (trap 6).
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: PNG } },
          { type: 'text', text: 'Summarise.' },
        ],
      },
    ]);
  });

  it('drops reasoning from assistant turns unless the upstream wants reasoning_content back', () => {
    const plain = buildRequest(ir({ messages: toolRound }));
    const assistant = (plain.messages as Record<string, unknown>[])[1];
    expect(assistant).not.toHaveProperty('reasoning_content');
    const echoed = buildRequest(ir({ messages: toolRound }), { echoReasoningContent: true });
    // Trap 2: reasoning is kept on the tool round; the signature never reaches chat.
    expect((echoed.messages as Record<string, unknown>[])[1]).toMatchObject({
      role: 'assistant',
      reasoning_content: 'Two calls.',
      content: 'Checking.',
    });
    expect(JSON.stringify(echoed)).not.toContain('sig-abc');
  });

  it('sends null content for an assistant turn that only calls tools', () => {
    const body = buildRequest(
      ir({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'x' }] },
          {
            role: 'assistant',
            content: [{ type: 'tool_call', id: 'c1', name: 'f', arguments: '{}' }],
          },
          { role: 'user', content: [{ type: 'tool_result', callId: 'c1', content: [] }] },
        ],
      }),
    );
    const messages = body.messages as Record<string, unknown>[];
    expect(messages[1]?.content).toBeNull();
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: 'c1', content: '' });
    expect(messages).toHaveLength(3);
  });

  it('renders images by data URL or http URL with detail, and inline files (trap 6)', () => {
    const body = buildRequest(
      ir({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: PNG_SOURCE, detail: 'low' },
              { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
              {
                type: 'file',
                source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
              },
            ],
          },
        ],
      }),
    );
    expect((body.messages as Record<string, unknown>[])[0]?.content).toEqual([
      { type: 'image_url', image_url: { url: PNG, detail: 'low' } },
      { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
      {
        type: 'file',
        file: { filename: 'document.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
      },
    ]);
  });

  it('refuses a file by URL, which chat cannot carry', () => {
    const request = ir({
      messages: [
        {
          role: 'user',
          content: [{ type: 'file', source: { kind: 'url', url: 'https://x/a.pdf' } }],
        },
      ],
    });
    expect(() => buildRequest(request)).toThrow(/URL/);
    try {
      buildRequest(request);
    } catch (error) {
      expect(isSwitchyardError(error) && error.status).toBe(400);
    }
  });

  it('maps tools, hosted tools of its own format only, and every tool_choice (trap 4)', () => {
    const tools = [
      { name: 'f', description: 'F', parameters: { type: 'object' }, strict: true },
      { name: 'g', parameters: { type: 'object' } },
    ];
    const body = buildRequest(
      ir({
        tools,
        hostedTools: [
          { format: 'openai-chat', raw: { type: 'custom', custom: { name: 'c' } } },
          { format: 'anthropic', raw: { type: 'web_search_20250305', name: 'web_search' } },
        ],
        toolChoice: { type: 'tool', name: 'f' },
        parallelToolCalls: false,
      }),
    );
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'f', description: 'F', parameters: { type: 'object' }, strict: true },
      },
      { type: 'function', function: { name: 'g', parameters: { type: 'object' } } },
      { type: 'custom', custom: { name: 'c' } },
    ]);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'f' } });
    expect(body.parallel_tool_calls).toBe(false);
    for (const type of ['none', 'auto', 'required'] as const) {
      expect(buildRequest(ir({ tools, toolChoice: { type } })).tool_choice).toBe(type);
    }
  });

  it('leaves tool_choice and parallel_tool_calls out when there are no tools', () => {
    const body = buildRequest(ir({ toolChoice: { type: 'none' }, parallelToolCalls: true }));
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(body).not.toHaveProperty('tools');
  });

  it('picks max_tokens or max_completion_tokens per upstream', () => {
    expect(buildRequest(ir({ maxOutputTokens: 64 }))).toMatchObject({ max_tokens: 64 });
    const openai = buildRequest(ir({ maxOutputTokens: 64 }), { useMaxCompletionTokens: true });
    expect(openai).toMatchObject({ max_completion_tokens: 64 });
    expect(openai).not.toHaveProperty('max_tokens');
  });

  it('maps sampling fields, stop sequences, user and response formats', () => {
    const schema = { type: 'object' };
    const body = buildRequest(
      ir({
        temperature: 0.1,
        topP: 0.5,
        topK: 40,
        stopSequences: ['X'],
        presencePenalty: 1,
        frequencyPenalty: 2,
        seed: 3,
        user: 'u',
        responseFormat: { type: 'json_schema', name: 'a', schema, strict: true },
      }),
    );
    expect(body).toMatchObject({
      temperature: 0.1,
      top_p: 0.5,
      stop: ['X'],
      presence_penalty: 1,
      frequency_penalty: 2,
      seed: 3,
      user: 'u',
      response_format: { type: 'json_schema', json_schema: { name: 'a', schema, strict: true } },
    });
    expect(body).not.toHaveProperty('top_k');
    expect(buildRequest(ir({ responseFormat: { type: 'json_object' } })).response_format).toEqual({
      type: 'json_object',
    });
  });

  it('maps reasoning to reasoning_effort, budgets through the shared table, off as omitted', () => {
    expect(buildRequest(ir({ reasoning: { enabled: true, effort: 'low' } })).reasoning_effort).toBe(
      'low',
    );
    expect(
      buildRequest(ir({ reasoning: { enabled: true, budgetTokens: 10_000 } })).reasoning_effort,
    ).toBe('medium');
    expect(
      buildRequest(ir({ reasoning: { enabled: true, budgetTokens: 30_000 } })).reasoning_effort,
    ).toBe('xhigh');
    expect(buildRequest(ir({ reasoning: { enabled: false } }))).not.toHaveProperty(
      'reasoning_effort',
    );
    expect(buildRequest(ir({ reasoning: { enabled: true } }))).not.toHaveProperty(
      'reasoning_effort',
    );
  });

  it('keeps reasoning configured on a tool round (trap 2)', () => {
    const body = buildRequest(
      ir({ messages: toolRound, reasoning: { enabled: true, effort: 'high' } }),
      { echoReasoningContent: true },
    );
    expect(body.reasoning_effort).toBe('high');
    expect((body.messages as Record<string, unknown>[]).at(-1)?.role).toBe('user');
  });

  it('always asks for stream usage when streaming and omits stream otherwise (trap 7)', () => {
    expect(buildRequest(ir({ stream: true }))).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    const plain = buildRequest(ir());
    expect(plain).not.toHaveProperty('stream');
    expect(plain).not.toHaveProperty('stream_options');
  });

  it("restores its own extensions and never sends another format's", () => {
    const body = buildRequest(
      ir({
        extensions: {
          'openai-chat': { n: 2, logprobs: true, model: 'ignored' },
          anthropic: { metadata: { user_id: 'x' } },
        },
      }),
    );
    expect(body).toMatchObject({ n: 2, logprobs: true, model: 'deepseek-chat' });
    expect(body).not.toHaveProperty('metadata');
  });

  it('round-trips a canonical chat body through the IR unchanged', () => {
    const original = {
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'Be terse.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'image_url', image_url: { url: PNG, detail: 'high' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'done' },
        { role: 'user', content: 'next' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      max_completion_tokens: 500,
      reasoning_effort: 'medium',
      stream: true,
      stream_options: { include_usage: true },
      n: 1,
    };
    expect(buildRequest(parseRequest(original), { useMaxCompletionTokens: true })).toEqual(
      original,
    );
  });
});
