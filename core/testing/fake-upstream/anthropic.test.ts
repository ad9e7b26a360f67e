// Anthropic Messages fake: message JSON, event order, signatures, tool pairing, auth and errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INVALID_THINKING_SIGNATURE } from './anthropic-validate.js';
import { startFakeUpstream } from './server.js';
import { at, dataOf, post, readSse } from './test-helpers.js';
import type { FakeUpstream } from './types.js';

const user = (content: unknown) => ({ role: 'user', content });
const base = { model: 'claude-sonnet-4-5', max_tokens: 4096 };
const toolUse = (id: string) => ({ type: 'tool_use', id, name: 'f', input: {} });
const toolResult = (id: string) => ({ type: 'tool_result', tool_use_id: id, content: 'ok' });

describe('anthropic fake', () => {
  let fake: FakeUpstream;
  beforeAll(async () => {
    fake = await startFakeUpstream({ format: 'anthropic' });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const send = (body: unknown, path = '/messages') => post(fake, path, body);
  const expectInvalid = async (body: unknown, message: RegExp | string) => {
    const response = await send(body);
    expect(response.status).toBe(400);
    const parsed = await response.json();
    expect(at(parsed, 'type')).toBe('error');
    expect(at(parsed, 'error', 'type')).toBe('invalid_request_error');
    const text = at(parsed, 'error', 'message') as string;
    if (typeof message === 'string') expect(text).toBe(message);
    else expect(text).toMatch(message);
  };

  it('renders thinking, text and tool_use blocks with Anthropic usage buckets', async () => {
    fake.enqueue({
      reply: {
        thinking: 'plan',
        text: 'Reading.',
        toolCalls: [{ name: 'read', arguments: { path: 'a' } }],
        usage: { input: 10, cacheRead: 90, cacheWrite: 5, output: 30 },
      },
    });
    const body = await (await send({ ...base, messages: [user('hi')] })).json();
    expect(body).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'tool_use' });
    expect(at(body, 'content', 0)).toMatchObject({
      type: 'thinking',
      thinking: 'plan',
      signature: expect.any(String),
    });
    expect(at(body, 'content', 1)).toEqual({ type: 'text', text: 'Reading.' });
    expect(at(body, 'content', 2)).toMatchObject({
      type: 'tool_use',
      name: 'read',
      input: { path: 'a' },
    });
    expect(at(body, 'content', 2, 'id')).toMatch(/^toolu_[a-zA-Z0-9_-]+$/);
    expect(at(body, 'usage')).toMatchObject({
      input_tokens: 10,
      cache_read_input_tokens: 90,
      cache_creation_input_tokens: 5,
      output_tokens: 30,
    });
  });

  it('echoes the last user text by default', async () => {
    const body = await (
      await send({ ...base, messages: [user([{ type: 'text', text: 'ping' }])] })
    ).json();
    expect(at(body, 'content', 0, 'text')).toBe('echo: ping');
    expect(at(body, 'stop_reason')).toBe('end_turn');
  });

  it('streams events in protocol order, with no [DONE]', async () => {
    fake.enqueue({
      reply: {
        thinking: 'think hard',
        text: 'answer text',
        toolCalls: [{ name: 'f', arguments: { a: [1, 2, 3] } }],
      },
    });
    const events = await readSse(await send({ ...base, stream: true, messages: [user('hi')] }));
    expect(events.some((event) => event.data.includes('[DONE]'))).toBe(false);
    const names = events.map((event) => event.event);
    expect(names[0]).toBe('message_start');
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    const data = dataOf(events);
    data.forEach((payload, i) => expect(payload.type).toBe(names[i]));
    const starts = data
      .filter((d) => d.type === 'content_block_start')
      .map((d) => at(d, 'content_block', 'type'));
    expect(starts).toEqual(['thinking', 'text', 'tool_use']);
    const deltas = (index: number) =>
      data
        .filter((d) => d.type === 'content_block_delta' && d.index === index)
        .map((d) => at(d, 'delta'));
    const thinking = deltas(0);
    expect(
      thinking
        .filter((d) => at(d, 'type') === 'thinking_delta')
        .map((d) => at(d, 'thinking'))
        .join(''),
    ).toBe('think hard');
    expect(at(thinking.at(-1), 'type')).toBe('signature_delta');
    expect(
      deltas(1)
        .map((d) => at(d, 'text'))
        .join(''),
    ).toBe('answer text');
    const json = deltas(2)
      .map((d) => at(d, 'partial_json'))
      .join('');
    expect(deltas(2).length).toBeGreaterThan(2);
    expect(JSON.parse(json)).toEqual({ a: [1, 2, 3] });
    expect(at(data.at(-2), 'delta', 'stop_reason')).toBe('tool_use');
  });

  it('accepts a thinking block sent back unchanged and rejects a tampered one', async () => {
    fake.enqueue({ reply: { thinking: 'secret reasoning', text: 'done' } });
    const first = await (await send({ ...base, messages: [user('q')] })).json();
    const content = at(first, 'content') as Record<string, unknown>[];
    const messages = [user('q'), { role: 'assistant', content }, user('more')];
    expect((await send({ ...base, messages })).status).toBe(200);
    const forged = [{ ...content[0], thinking: 'altered reasoning' }, content[1]];
    await expectInvalid(
      { ...base, messages: [user('q'), { role: 'assistant', content: forged }, user('more')] },
      INVALID_THINKING_SIGNATURE,
    );
    const resigned = [{ ...content[0], signature: 'c2lnbmF0dXJl' }, content[1]];
    await expectInvalid(
      { ...base, messages: [user('q'), { role: 'assistant', content: resigned }, user('more')] },
      'Invalid signature in thinking block',
    );
  });

  it('accepts a signature collected from a stream', async () => {
    fake.enqueue({ reply: { thinking: 'streamed thought', text: 'ok' } });
    const data = dataOf(
      await readSse(await send({ ...base, stream: true, messages: [user('q')] })),
    );
    const deltas = data
      .filter((d) => d.type === 'content_block_delta' && d.index === 0)
      .map((d) => at(d, 'delta'));
    const thinking = deltas.map((d) => at(d, 'thinking') ?? '').join('');
    const signature = at(
      deltas.find((d) => at(d, 'type') === 'signature_delta'),
      'signature',
    );
    const assistant = { role: 'assistant', content: [{ type: 'thinking', thinking, signature }] };
    expect((await send({ ...base, messages: [user('q'), assistant, user('next')] })).status).toBe(
      200,
    );
  });

  it('enforces tool_use / tool_result pairing', async () => {
    const assistant = { role: 'assistant', content: [toolUse('toolu_1'), toolUse('toolu_2')] };
    const ok = [user('x'), assistant, user([toolResult('toolu_1'), toolResult('toolu_2')])];
    expect((await send({ ...base, messages: ok })).status).toBe(200);
    await expectInvalid(
      { ...base, messages: [user('x'), assistant, user([toolResult('toolu_1')])] },
      /`tool_use` ids were found without `tool_result` blocks immediately after: toolu_2/,
    );
    await expectInvalid(
      { ...base, messages: [user('x'), assistant, { role: 'assistant', content: 'hm' }] },
      /^messages\.2: `tool_use` ids were found/,
    );
    await expectInvalid(
      {
        ...base,
        messages: [
          user('x'),
          { role: 'assistant', content: 'no tools' },
          user([toolResult('toolu_9')]),
        ],
      },
      /unexpected `tool_use_id` found in `tool_result` blocks: toolu_9/,
    );
    await expectInvalid(
      {
        ...base,
        messages: [
          user('x'),
          { role: 'assistant', content: [toolUse('call.bad')] },
          user([toolResult('call.bad')]),
        ],
      },
      /tool_use\.id: String should match pattern/,
    );
  });

  it('rejects malformed requests like the real API', async () => {
    await expectInvalid('{oops', /error parsing the body/);
    await expectInvalid({ max_tokens: 10, messages: [user('x')] }, 'model: Field required');
    await expectInvalid({ model: 'm', messages: [user('x')] }, 'max_tokens: Field required');
    await expectInvalid({ ...base, messages: [] }, /at least one message/);
    await expectInvalid(
      { ...base, messages: [{ role: 'assistant', content: 'hi' }] },
      /first message must use the "user" role/,
    );
    await expectInvalid(
      { ...base, messages: [{ role: 'system', content: 'hi' }] },
      /Input should be 'user' or 'assistant'/,
    );
    await expectInvalid(
      {
        ...base,
        messages: [user('x')],
        tools: [{ name: 'bad name', input_schema: { type: 'object' } }],
      },
      /tools\.0\.custom\.name/,
    );
  });

  it('checks the thinking budget against max_tokens', async () => {
    const messages = [user('x')];
    await expectInvalid(
      { ...base, messages, thinking: { type: 'enabled', budget_tokens: 512 } },
      /greater than or equal to 1024/,
    );
    await expectInvalid(
      { ...base, max_tokens: 2000, messages, thinking: { type: 'enabled', budget_tokens: 2000 } },
      /`max_tokens` must be greater than `thinking.budget_tokens`/,
    );
    const fine = {
      ...base,
      max_tokens: 3000,
      messages,
      thinking: { type: 'enabled', budget_tokens: 2000 },
    };
    expect((await send(fine)).status).toBe(200);
  });

  it('authenticates with x-api-key or a bearer token and requires anthropic-version', async () => {
    const url = `${fake.baseUrl}/messages`;
    const body = JSON.stringify({ ...base, messages: [user('x')] });
    const version = { 'anthropic-version': '2023-06-01' };
    const bearer = await fetch(url, {
      method: 'POST',
      body,
      headers: { ...version, authorization: 'Bearer test-upstream-key' },
    });
    expect(bearer.status).toBe(200);
    const wrong = await fetch(url, {
      method: 'POST',
      body,
      headers: { ...version, 'x-api-key': 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(at(await wrong.json(), 'error', 'type')).toBe('authentication_error');
    const unversioned = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'x-api-key': 'test-upstream-key' },
    });
    expect(unversioned.status).toBe(400);
    expect(at(await unversioned.json(), 'error', 'message')).toMatch(/anthropic-version/);
  });

  it('sends rate-limit headers on 429 and overloaded_error on 529', async () => {
    fake.enqueue({ error: { status: 429 } }, { error: { status: 529 } });
    const limited = await send({ ...base, messages: [user('x')] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(
      Date.parse(limited.headers.get('anthropic-ratelimit-requests-reset') ?? ''),
    ).toBeGreaterThan(0);
    expect(at(await limited.json(), 'error', 'type')).toBe('rate_limit_error');
    const overloaded = await send({ ...base, messages: [user('x')] });
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('ends a stream with an error event', async () => {
    fake.enqueue({
      reply: { text: 'partial answer' },
      streamError: { afterEvents: 4, type: 'api_error', message: 'oops' },
    });
    const events = await readSse(await send({ ...base, stream: true, messages: [user('x')] }));
    expect(events).toHaveLength(5);
    expect(events.at(-1)?.event).toBe('error');
    expect(JSON.parse(events.at(-1)?.data ?? '')).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'oops' },
    });
  });

  it('counts tokens and lists models', async () => {
    const counted = await send(
      { model: 'm', messages: [user('count me please')] },
      '/messages/count_tokens',
    );
    expect(at(await counted.json(), 'input_tokens')).toBeGreaterThan(0);
    const listed = await fetch(`${fake.baseUrl}/models`, {
      headers: { 'x-api-key': 'test-upstream-key', 'anthropic-version': '2023-06-01' },
    });
    expect(at(await listed.json(), 'data', 0, 'type')).toBe('model');
  });
});
