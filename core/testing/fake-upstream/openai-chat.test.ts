// OpenAI Chat Completions fake: replies, streaming chunks, tool pairing rules, auth and errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream } from './server.js';
import { at, dataOf, post, readSse } from './test-helpers.js';
import type { FakeUpstream } from './types.js';

const user = (content: string) => ({ role: 'user', content });
const toolTurn = {
  role: 'assistant',
  content: null,
  tool_calls: [
    { id: 'call_a', type: 'function', function: { name: 'f', arguments: '{}' } },
    { id: 'call_b', type: 'function', function: { name: 'g', arguments: '{}' } },
  ],
};

describe('openai-chat fake', () => {
  let fake: FakeUpstream;
  beforeAll(async () => {
    fake = await startFakeUpstream({ format: 'openai-chat' });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const send = (body: unknown, headers?: Record<string, string>) =>
    post(fake, '/chat/completions', body, headers === undefined ? {} : { headers });
  const expectInvalid = async (body: unknown, message: RegExp, param?: string) => {
    const response = await send(body);
    expect(response.status).toBe(400);
    const error = at(await response.json(), 'error');
    expect(error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringMatching(message),
    });
    if (param !== undefined) expect(at(error, 'param')).toBe(param);
  };

  it('renders a turn as a chat.completion with OpenAI usage buckets', async () => {
    fake.enqueue({
      reply: {
        text: 'Let me look.',
        thinking: 'need the weather',
        toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }],
        usage: { input: 10, cacheRead: 90, cacheWrite: 5, output: 30, reasoning: 12 },
      },
    });
    const body = await (await send({ model: 'gpt-5.2', messages: [user('hi')] })).json();
    expect(body).toMatchObject({ object: 'chat.completion', model: 'gpt-5.2' });
    expect(at(body, 'choices', 0)).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: 'Let me look.',
        reasoning_content: 'need the weather',
      },
    });
    const call = at(body, 'choices', 0, 'message', 'tool_calls', 0);
    expect(call).toMatchObject({ type: 'function', function: { name: 'weather' } });
    expect(at(call, 'id')).toMatch(/^call_/);
    expect(JSON.parse(at(call, 'function', 'arguments') as string)).toEqual({ city: 'Oslo' });
    expect(at(body, 'usage')).toMatchObject({
      prompt_tokens: 105,
      completion_tokens: 30,
      total_tokens: 135,
      prompt_tokens_details: { cached_tokens: 90 },
      completion_tokens_details: { reasoning_tokens: 12 },
    });
  });

  it('maps max_tokens to finish_reason length', async () => {
    fake.enqueue({ reply: { text: 'cut', stopReason: 'max_tokens' } });
    const body = await (await send({ model: 'm', messages: [user('hi')] })).json();
    expect(at(body, 'choices', 0, 'finish_reason')).toBe('length');
  });

  it('streams chunks ending in [DONE], without a usage chunk unless asked', async () => {
    fake.enqueue({ reply: { text: 'hello streaming world', thinking: 'hmm' } });
    const response = await send({ model: 'm', messages: [user('hi')], stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = await readSse(response);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = dataOf(events.slice(0, -1));
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    const deltas = chunks.map((chunk) => at(chunk, 'choices', 0, 'delta'));
    const text = deltas.map((delta) => at(delta, 'content') ?? '').join('');
    const reasoning = deltas.map((delta) => at(delta, 'reasoning_content') ?? '').join('');
    expect(text).toBe('hello streaming world');
    expect(reasoning).toBe('hmm');
    expect(deltas.filter((delta) => at(delta, 'content')).length).toBeGreaterThan(1);
    expect(at(chunks.at(-1), 'choices', 0, 'finish_reason')).toBe('stop');
  });

  it('adds a final usage chunk when stream_options.include_usage is set', async () => {
    fake.enqueue({ reply: { text: 'ok', usage: { input: 7, output: 2 } } });
    const body = { model: 'm', messages: [user('hi')], stream: true };
    const response = await send({ ...body, stream_options: { include_usage: true } });
    const chunks = dataOf((await readSse(response)).slice(0, -1));
    const last = chunks.at(-1);
    expect(at(last, 'choices')).toEqual([]);
    expect(at(last, 'usage')).toMatchObject({ prompt_tokens: 7, completion_tokens: 2 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('streams tool call arguments in fragments that reassemble', async () => {
    const args = { path: '/tmp/a.txt', lines: [1, 2, 3], nested: { deep: true } };
    fake.enqueue({
      reply: {
        toolCalls: [
          { name: 'read', arguments: args },
          { name: 'ls', arguments: {} },
        ],
      },
    });
    const chunks = dataOf(
      (await readSse(await send({ model: 'm', messages: [user('x')], stream: true }))).slice(0, -1),
    );
    const calls: { id?: string; name?: string; args: string; fragments: number }[] = [];
    for (const chunk of chunks) {
      const toolCalls = (at(chunk, 'choices', 0, 'delta', 'tool_calls') ?? []) as Record<
        string,
        unknown
      >[];
      for (const fragment of toolCalls) {
        const index = fragment.index as number;
        const call = (calls[index] ??= { args: '', fragments: 0 });
        if (typeof fragment.id === 'string') call.id = fragment.id;
        const name = at(fragment, 'function', 'name');
        if (typeof name === 'string') call.name = name;
        call.args += (at(fragment, 'function', 'arguments') as string | undefined) ?? '';
        call.fragments += 1;
      }
    }
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ name: 'read', id: expect.stringMatching(/^call_/) });
    expect(JSON.parse(calls[0]?.args ?? '')).toEqual(args);
    expect(calls[0]?.fragments).toBeGreaterThan(2);
    expect(JSON.parse(calls[1]?.args ?? '')).toEqual({});
    expect(at(chunks.at(-1), 'choices', 0, 'finish_reason')).toBe('tool_calls');
  });

  it('reports an in-stream error as a data line and ends', async () => {
    fake.enqueue({ reply: { text: 'abcdef' }, streamError: { afterEvents: 2, message: 'boom' } });
    const events = await readSse(await send({ model: 'm', messages: [user('x')], stream: true }));
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2]?.data ?? '')).toMatchObject({
      error: { message: 'boom', type: 'server_error' },
    });
    expect(events.some((event) => event.data === '[DONE]')).toBe(false);
  });

  it('accepts answered tool calls, including developer and system messages around them', async () => {
    const messages = [
      { role: 'developer', content: 'be brief' },
      user('go'),
      toolTurn,
      { role: 'tool', tool_call_id: 'call_b', content: 'B' },
      { role: 'tool', tool_call_id: 'call_a', content: 'A' },
      user('and?'),
    ];
    expect((await send({ model: 'm', messages })).status).toBe(200);
  });

  it('rejects malformed requests like the real API', async () => {
    await expectInvalid('{"model":', /could not parse the JSON body/);
    await expectInvalid({ messages: [user('x')] }, /you must provide a model parameter/);
    await expectInvalid({ model: 'm', messages: [] }, /empty array/, 'messages');
    await expectInvalid({ model: 'm' }, /Missing required parameter: 'messages'/, 'messages');
    await expectInvalid(
      { model: 'm', messages: [{ role: 'robot', content: 'x' }] },
      /Invalid value: 'robot'/,
      'messages[0].role',
    );
    await expectInvalid(
      { model: 'm', messages: [user('x')], stream_options: { include_usage: true } },
      /only allowed when 'stream' is enabled/,
      'stream_options',
    );
  });

  it('rejects a tool message without a matching preceding tool call', async () => {
    await expectInvalid(
      { model: 'm', messages: [user('x'), { role: 'tool', tool_call_id: 'call_a', content: 'A' }] },
      /must be a response to a preceeding message with 'tool_calls'/,
    );
    const wrongId = [user('x'), toolTurn, { role: 'tool', tool_call_id: 'call_zzz', content: '?' }];
    await expectInvalid({ model: 'm', messages: wrongId }, /preceeding message with 'tool_calls'/);
  });

  it('rejects tool calls left unanswered before the next message or at the end', async () => {
    const partly = [
      user('x'),
      toolTurn,
      { role: 'tool', tool_call_id: 'call_a', content: 'A' },
      user('y'),
    ];
    await expectInvalid({ model: 'm', messages: partly }, /did not have response messages: call_b/);
    await expectInvalid({ model: 'm', messages: [user('x'), toolTurn] }, /call_a, call_b/);
  });

  it('requires the bearer key', async () => {
    const missing = await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(at(await missing.json(), 'error', 'message')).toMatch(/didn't provide an API key/);
    const wrong = await send(
      { model: 'm', messages: [user('x')] },
      { authorization: 'Bearer sk-wrong-key-123' },
    );
    expect(wrong.status).toBe(401);
    expect(at(await wrong.json(), 'error', 'code')).toBe('invalid_api_key');
  });

  it('sends realistic rate-limit and server errors', async () => {
    fake.enqueue({ error: { status: 429 } }, { error: { status: 503 } });
    const limited = await send({ model: 'm', messages: [user('x')] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-reset-requests')).toBe('1s');
    expect(limited.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(at(await limited.json(), 'error', 'code')).toBe('rate_limit_exceeded');
    const overloaded = await send({ model: 'm', messages: [user('x')] });
    expect(overloaded.status).toBe(503);
    expect(at(await overloaded.json(), 'error', 'type')).toBe('server_error');
  });

  it('lists models', async () => {
    const response = await fetch(`${fake.baseUrl}/models`, {
      headers: { authorization: 'Bearer test-upstream-key' },
    });
    expect(at(await response.json(), 'data', 0, 'object')).toBe('model');
  });
});
