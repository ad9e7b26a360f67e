/** IR (from any format) → Anthropic Messages body. */
import { describe, expect, it } from 'vitest';

import { SwitchyardError } from '../../shared/errors.js';
import { anthropicRequestProblem } from '../../testing/fake-upstream/anthropic-validate.js';
import { createSigner } from '../../testing/fake-upstream/signing.js';
import { keepSignaturesFor } from '../ir/signatures.js';
import type { Message, Request, ToolChoice } from '../ir/types.js';
import { anthropicCountTokens } from './count-tokens.js';
import { toolId } from './render.js';
import { buildRequest, parseRequest } from './request.js';

const base: Request = {
  model: 'claude-sonnet-4-5',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  stream: false,
};
const tool = { name: 'lookup', parameters: { type: 'object', properties: {} } };

/** A tool round: the assistant called a tool (after signed thinking) and the result is last. */
const toolRound: Message[] = [
  { role: 'user', content: [{ type: 'text', text: 'weather in Paris?' }] },
  {
    role: 'assistant',
    content: [
      { type: 'reasoning', text: 'call it', signature: 'sig-A', origin: { provider: 'anthropic' } },
      { type: 'tool_call', id: 'toolu_01', name: 'lookup', arguments: '{"city":"Paris"}' },
    ],
  },
  {
    role: 'user',
    content: [
      { type: 'tool_result', callId: 'toolu_01', content: [{ type: 'text', text: '21C' }] },
    ],
  },
];

describe('anthropic buildRequest: basics', () => {
  it('writes a minimal body with the default max_tokens and no stream when false (trap 7)', () => {
    expect(buildRequest(base)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 8192,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    expect(buildRequest({ ...base, stream: true }).stream).toBe(true);
  });

  it('maps sampling settings and stop sequences; drops what Anthropic lacks', () => {
    const body = buildRequest({
      ...base,
      maxOutputTokens: 500,
      temperature: 0.2,
      topP: 0.8,
      topK: 5,
      stopSequences: ['STOP'],
      presencePenalty: 1,
      seed: 7,
    });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 500,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      temperature: 0.2,
      top_p: 0.8,
      top_k: 5,
      stop_sequences: ['STOP'],
    });
  });

  it('writes system blocks with cache_control and skips empty ones', () => {
    const body = buildRequest({
      ...base,
      system: [
        { type: 'text', text: 'A' },
        { type: 'text', text: '' },
        { type: 'text', text: 'B', cache: { type: 'ephemeral' } },
      ],
    });
    expect(body.system).toEqual([
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B', cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('never invents metadata.user_id from another format’s user', () => {
    expect(buildRequest({ ...base, user: 'someone@example.com' }).metadata).toBeUndefined();
    const own = parseRequest({
      model: 'm',
      max_tokens: 5,
      metadata: { user_id: 'u-1' },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(buildRequest(own).metadata).toEqual({ user_id: 'u-1' });
  });

  it('restores only its own extensions', () => {
    const body = buildRequest({
      ...base,
      extensions: { anthropic: { service_tier: 'auto' }, 'openai-responses': { store: true } },
    });
    expect(body.service_tier).toBe('auto');
    expect(body.store).toBeUndefined();
  });

  it('round-trips an Anthropic body through the IR', () => {
    const wire = {
      model: 'claude-sonnet-4-5',
      max_tokens: 2000,
      system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 't', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [{ type: 'text', text: 'ok' }],
            },
          ],
        },
      ],
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 1024 },
      stream: true,
      service_tier: 'auto',
    };
    expect(buildRequest(parseRequest(wire))).toEqual(wire);
  });
});

describe('anthropic buildRequest: content', () => {
  it('merges same-role neighbours and puts tool_result blocks first', () => {
    const body = buildRequest({
      ...base,
      messages: [
        ...toolRound.slice(0, 2),
        { role: 'user', content: [{ type: 'text', text: 'also this' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'and' },
            { type: 'tool_result', callId: 'toolu_01', content: [{ type: 'text', text: '21C' }] },
          ],
        },
      ],
    });
    const messages = body.messages as { role: string; content: { type: string }[] }[];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[2]?.content.map((b) => b.type)).toEqual(['tool_result', 'text', 'text']);
  });

  it('writes tool_use with an input object and tool_result with its call id (trap 3)', () => {
    const body = buildRequest({ ...base, messages: toolRound });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'call it', signature: 'sig-A' },
          { type: 'tool_use', id: 'toolu_01', name: 'lookup', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_01',
            content: [{ type: 'text', text: '21C' }],
          },
        ],
      },
    ]);
  });

  it('rewrites ids Anthropic would reject, identically in call and result (trap 3)', () => {
    const id = 'functions.get_weather:0';
    const body = buildRequest({
      ...base,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool_call', id, name: 'get_weather', arguments: '{}' }],
        },
        { role: 'user', content: [{ type: 'tool_result', callId: id, content: [] }] },
      ],
    });
    const [, call, result] = body.messages as { content: Record<string, unknown>[] }[];
    const safe = call?.content[0]?.id;
    expect(safe).toMatch(/^functions_get_weather_0_[a-z0-9]+$/);
    expect(result?.content[0]?.tool_use_id).toBe(safe);
    expect(toolId('functions.get_weather:1')).not.toBe(safe);
    expect(toolId('toolu_01AbC-9')).toBe('toolu_01AbC-9');
  });

  it('rejects tool arguments that are not a JSON object, naming the call', () => {
    const bad: Request = {
      ...base,
      messages: [
        {
          role: 'assistant',
          content: [{ type: 'tool_call', id: 'call_9', name: 'lookup', arguments: '{"a":' }],
        },
      ],
    };
    expect(() => buildRequest(bad)).toThrow(SwitchyardError);
    expect(() => buildRequest(bad)).toThrow(/call_9/);
    const empty = buildRequest({
      ...base,
      messages: [
        { role: 'assistant', content: [{ type: 'tool_call', id: 'c', name: 'n', arguments: '' }] },
      ],
    });
    expect(empty.messages).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'n', input: {} }] },
    ]);
  });

  it('writes base64, data-URL and http images, also inside tool results (trap 6)', () => {
    const body = buildRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAA' } },
            { type: 'image', source: { kind: 'url', url: 'data:image/gif;base64,R0lG' } },
            {
              type: 'image',
              source: { kind: 'url', url: 'https://x.test/cat.jpg' },
              detail: 'high',
            },
            {
              type: 'tool_result',
              callId: 'call_1',
              content: [{ type: 'image', source: { kind: 'url', url: 'https://x.test/shot.png' } }],
            },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'call_1',
            content: [{ type: 'image', source: { type: 'url', url: 'https://x.test/shot.png' } }],
          },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'R0lG' } },
          { type: 'image', source: { type: 'url', url: 'https://x.test/cat.jpg' } },
        ],
      },
    ]);
  });

  it('writes files as documents; plain text files as text documents', () => {
    const body = buildRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'file',
              filename: 'a.pdf',
              source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' },
            },
            {
              type: 'file',
              source: {
                kind: 'base64',
                mediaType: 'text/plain',
                data: Buffer.from('hello').toString('base64'),
              },
            },
            { type: 'file', source: { kind: 'url', url: 'https://x.test/b.pdf' } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          {
            type: 'document',
            title: 'a.pdf',
            source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
          },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' } },
          { type: 'document', source: { type: 'url', url: 'https://x.test/b.pdf' } },
        ],
      },
    ]);
  });

  it('turns IR cache hints into cache_control on blocks and tools', () => {
    const body = buildRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'big', cache: { type: 'ephemeral', ttl: '1h' } }],
        },
      ],
      tools: [{ ...tool, description: 'd', cache: { type: 'ephemeral' } }],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [{ type: 'text', text: 'big', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      },
    ]);
    expect(body.tools).toEqual([
      {
        name: 'lookup',
        description: 'd',
        input_schema: { type: 'object', properties: {} },
        cache_control: { type: 'ephemeral' },
      },
    ]);
  });
});

describe('anthropic buildRequest: signatures (trap 1)', () => {
  it('sends signed thinking and redacted thinking raw; drops unsigned reasoning', () => {
    const body = buildRequest({
      ...base,
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'signed', signature: 'SIG' },
            { type: 'reasoning', text: '', redactedData: 'RED' },
            { type: 'reasoning', text: 'deepseek says' },
            { type: 'reasoning', text: 'openai summary', encryptedContent: 'gAAA' },
            { type: 'text', text: 'answer' },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'signed', signature: 'SIG' },
          { type: 'redacted_thinking', data: 'RED' },
          { type: 'text', text: 'answer' },
        ],
      },
    ]);
  });

  it('round-trips a sealed signature home and drops a foreign one', () => {
    const request = parseRequest({
      model: 'm',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'mine', signature: 'sy1.anthropic.ORIGINAL' },
            { type: 'text', text: 'a' },
          ],
        },
        { role: 'user', content: 'next' },
      ],
    });
    const home = buildRequest(keepSignaturesFor(request, 'anthropic'));
    expect((home.messages as { content: unknown[] }[])[1]?.content[0]).toEqual({
      type: 'thinking',
      thinking: 'mine',
      signature: 'ORIGINAL',
    });
    const elsewhere = buildRequest(keepSignaturesFor(request, 'cc-other'));
    expect((elsewhere.messages as { content: unknown[] }[])[1]?.content).toEqual([
      { type: 'text', text: 'a' },
    ]);
  });
});

describe('anthropic buildRequest: tools and tool_choice (trap 4)', () => {
  const withTools = { ...base, tools: [tool] };
  const cases: [ToolChoice, unknown][] = [
    [{ type: 'auto' }, { type: 'auto' }],
    [{ type: 'none' }, { type: 'none' }],
    [{ type: 'required' }, { type: 'any' }],
    [
      { type: 'tool', name: 'lookup' },
      { type: 'tool', name: 'lookup' },
    ],
  ];
  for (const [ir, wire] of cases) {
    it(`maps ${JSON.stringify(ir)} to ${JSON.stringify(wire)}`, () => {
      expect(buildRequest({ ...withTools, toolChoice: ir }).tool_choice).toEqual(wire);
    });
  }

  it('expresses parallelToolCalls false as disable_parallel_tool_use', () => {
    expect(buildRequest({ ...withTools, parallelToolCalls: false }).tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(
      buildRequest({ ...withTools, toolChoice: { type: 'required' }, parallelToolCalls: false })
        .tool_choice,
    ).toEqual({ type: 'any', disable_parallel_tool_use: true });
  });

  it('omits tool_choice without tools and gives schemas an object type', () => {
    expect(buildRequest({ ...base, toolChoice: { type: 'required' } }).tool_choice).toBeUndefined();
    const body = buildRequest({ ...base, tools: [{ name: 'f', parameters: {}, strict: true }] });
    expect(body.tools).toEqual([{ name: 'f', input_schema: { type: 'object' } }]);
  });

  it('sends only Anthropic hosted tools', () => {
    const search = { type: 'web_search_20250305', name: 'web_search' };
    const body = buildRequest({
      ...base,
      hostedTools: [
        { format: 'anthropic', raw: search },
        { format: 'openai-responses', raw: { type: 'web_search' } },
      ],
    });
    expect(body.tools).toEqual([search]);
  });
});

describe('anthropic buildRequest: thinking', () => {
  it('maps effort to a budget below max_tokens and omits temperature and top_k', () => {
    const body = buildRequest({
      ...base,
      reasoning: { enabled: true, effort: 'high' },
      temperature: 0.5,
      topK: 3,
      topP: 0.97,
    });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    expect(body.max_tokens).toBe(24576 + 4096);
    expect(body.temperature).toBeUndefined();
    expect(body.top_k).toBeUndefined();
    expect(body.top_p).toBe(0.97);
  });

  it('keeps the client budget, raises tiny ones to 1024 and fits them under max_tokens', () => {
    expect(
      buildRequest({ ...base, reasoning: { enabled: true, budgetTokens: 2000 } }),
    ).toMatchObject({ max_tokens: 8192, thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect(
      buildRequest({ ...base, reasoning: { enabled: true, budgetTokens: 100 } }).thinking,
    ).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(
      buildRequest({
        ...base,
        maxOutputTokens: 4000,
        reasoning: { enabled: true, effort: 'high' },
      }),
    ).toMatchObject({ max_tokens: 4000, thinking: { budget_tokens: 2000 } });
    expect(
      buildRequest({ ...base, maxOutputTokens: 500, reasoning: { enabled: true, effort: 'low' } }),
    ).toMatchObject({ max_tokens: 1524, thinking: { budget_tokens: 1024 } });
  });

  it('sends disabled thinking explicitly and nothing when unset', () => {
    expect(buildRequest({ ...base, reasoning: { enabled: false } }).thinking).toEqual({
      type: 'disabled',
    });
    expect(
      buildRequest({ ...base, reasoning: { enabled: true, effort: 'none' } }).thinking,
    ).toEqual({ type: 'disabled' });
    expect(buildRequest(base).thinking).toBeUndefined();
  });

  it('keeps thinking on a tool round whose thinking is signed (trap 2)', () => {
    const body = buildRequest({
      ...base,
      messages: toolRound,
      tools: [tool],
      reasoning: { enabled: true, effort: 'medium' },
    });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 10000 });
  });

  it('turns thinking off only where Anthropic would reject it', () => {
    const unsigned = toolRound.map((m, i) =>
      i === 1 ? { ...m, content: m.content.filter((p) => p.type !== 'reasoning') } : m,
    );
    const reasoning = { enabled: true, effort: 'medium' } as const;
    expect(buildRequest({ ...base, messages: unsigned, tools: [tool], reasoning }).thinking).toBe(
      undefined,
    );
    const forced = buildRequest({
      ...base,
      tools: [tool],
      toolChoice: { type: 'required' },
      reasoning,
    });
    expect(forced.thinking).toBeUndefined();
    expect(forced.tool_choice).toEqual({ type: 'any' });
  });

  it('restores adaptive thinking for an Anthropic client', () => {
    const request = parseRequest({
      model: 'm',
      max_tokens: 100,
      thinking: { type: 'adaptive' },
      messages: [{ role: 'user', content: 'q' }],
    });
    expect(buildRequest(request).thinking).toEqual({ type: 'adaptive' });
  });
});

describe('anthropic buildRequest against the fake upstream’s validator', () => {
  it('produces a body the Messages API accepts for a translated tool round', () => {
    const signer = createSigner();
    const thought = 'Look it up.';
    const request: Request = {
      model: 'claude-sonnet-4-5',
      system: [{ type: 'text', text: 'sys' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: thought, signature: signer.sign(thought) },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_call', id: 'call_a', name: 'lookup', arguments: '{"city":"Paris"}' },
            { type: 'tool_call', id: 'call:b', name: 'lookup', arguments: '{"city":"Oslo"}' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'here you go' },
            { type: 'tool_result', callId: 'call_a', content: [{ type: 'text', text: '21C' }] },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', callId: 'call:b', content: [], isError: true }],
        },
      ],
      tools: [{ name: 'lookup', parameters: {} }],
      toolChoice: { type: 'auto' },
      reasoning: { enabled: true, effort: 'xhigh' },
      temperature: 0.7,
      stream: true,
    };
    const body = buildRequest(request);
    expect(anthropicRequestProblem(body, signer, false)).toBeUndefined();
    expect(anthropicRequestProblem(anthropicCountTokens.buildRequest(request), signer, true)).toBe(
      undefined,
    );
  });
});
