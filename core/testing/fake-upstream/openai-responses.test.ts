// OpenAI Responses fake: response objects, sequence-numbered streams, item checks, compaction.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream } from './server.js';
import { at, dataOf, post, readSse, tamper } from './test-helpers.js';
import type { FakeUpstream } from './types.js';

const base = { model: 'gpt-5.2-codex' };
const say = (text: string) => ({ role: 'user', content: [{ type: 'input_text', text }] });
type Item = Record<string, unknown>;

describe('openai-responses fake', () => {
  let fake: FakeUpstream;
  beforeAll(async () => {
    fake = await startFakeUpstream({ format: 'openai-responses' });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const send = (body: unknown, path = '/responses') => post(fake, path, body);
  const expectInvalid = async (body: unknown, message: RegExp, status = 400) => {
    const response = await send(body);
    expect(response.status).toBe(status);
    expect(at(await response.json(), 'error', 'message')).toMatch(message);
  };

  it('renders reasoning, message and function_call items with usage', async () => {
    fake.enqueue({
      reply: {
        thinking: 'summary of thought',
        text: 'Calling.',
        toolCalls: [{ name: 'shell', arguments: { cmd: 'ls' } }],
        usage: { input: 10, cacheRead: 90, output: 30, reasoning: 12 },
      },
    });
    const body = await (await send({ ...base, input: 'hi' })).json();
    expect(body).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-5.2-codex' });
    const [reasoning, message, call] = at(body, 'output') as Item[];
    expect(reasoning).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'summary of thought' }],
    });
    expect(reasoning?.encrypted_content).toEqual(expect.any(String));
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Calling.' }],
    });
    expect(call).toMatchObject({
      type: 'function_call',
      name: 'shell',
      call_id: expect.stringMatching(/^call_/),
    });
    expect(JSON.parse(call?.arguments as string)).toEqual({ cmd: 'ls' });
    expect(at(body, 'usage')).toMatchObject({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 90 },
      output_tokens: 30,
      output_tokens_details: { reasoning_tokens: 12 },
      total_tokens: 130,
    });
  });

  it('marks max_tokens as incomplete', async () => {
    fake.enqueue({ reply: { text: 'cut', stopReason: 'max_tokens' } });
    const body = await (await send({ ...base, input: 'hi' })).json();
    expect(body).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
  });

  it('streams sequence-numbered events that end with response.completed', async () => {
    fake.enqueue({
      reply: {
        thinking: 'think it over',
        text: 'the answer',
        toolCalls: [{ name: 'f', arguments: { q: 'a long query' } }],
      },
    });
    const events = await readSse(await send({ ...base, stream: true, input: [say('hi')] }));
    const data = dataOf(events);
    expect(events.some((event) => event.data.includes('[DONE]'))).toBe(false);
    data.forEach((payload, i) => {
      expect(payload.sequence_number).toBe(i);
      expect(payload.type).toBe(events[i]?.event);
    });
    const types = data.map((d) => d.type);
    expect(types.slice(0, 3)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
    ]);
    expect(types.at(-1)).toBe('response.completed');
    const joined = (type: string) =>
      data
        .filter((d) => d.type === type)
        .map((d) => d.delta)
        .join('');
    expect(joined('response.reasoning_summary_text.delta')).toBe('think it over');
    expect(joined('response.output_text.delta')).toBe('the answer');
    expect(JSON.parse(joined('response.function_call_arguments.delta'))).toEqual({
      q: 'a long query',
    });
    expect(
      data.filter((d) => d.type === 'response.function_call_arguments.delta').length,
    ).toBeGreaterThan(2);
    const done = data
      .filter((d) => d.type === 'response.output_item.done')
      .map((d) => at(d, 'item', 'type'));
    expect(done).toEqual(['reasoning', 'message', 'function_call']);
    expect(at(data.at(-1), 'response', 'output', 2, 'name')).toBe('f');
  });

  it('fails a stream with response.failed carrying the next sequence number', async () => {
    fake.enqueue({
      reply: { text: 'abc' },
      streamError: { afterEvents: 3, message: 'upstream broke' },
    });
    const data = dataOf(await readSse(await send({ ...base, stream: true, input: 'x' })));
    expect(data).toHaveLength(4);
    expect(data[3]).toMatchObject({
      type: 'response.failed',
      sequence_number: 3,
      response: { status: 'failed', error: { code: 'server_error', message: 'upstream broke' } },
    });
  });

  it('verifies reasoning encrypted_content round-trip and rejects tampering', async () => {
    fake.enqueue({ reply: { thinking: 'hidden', text: 'ok' } });
    const first = await (await send({ ...base, input: 'q', store: false })).json();
    const output = at(first, 'output') as Item[];
    const followUp = { ...base, store: false, input: [say('q'), ...output, say('next')] };
    expect((await send(followUp)).status).toBe(200);
    const reasoning = output[0] ?? {};
    const token = reasoning.encrypted_content as string;
    const tampered = {
      ...reasoning,
      encrypted_content: tamper(token),
    };
    await expectInvalid(
      { ...followUp, input: [say('q'), tampered] },
      /encrypted content for item rs_\w+ could not be verified/,
    );
    const bare = { id: reasoning.id, type: 'reasoning', summary: [] };
    await expectInvalid(
      { ...base, store: false, input: [say('q'), bare] },
      /Items are not persisted when `store` is set to false/,
      404,
    );
  });

  it('requires every function_call_output to answer an earlier function_call', async () => {
    const call = { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' };
    const answer = { type: 'function_call_output', call_id: 'call_1', output: 'done' };
    expect((await send({ ...base, input: [say('x'), call, answer] })).status).toBe(200);
    await expectInvalid(
      { ...base, input: [say('x'), answer] },
      /No tool call found for function call output with call_id call_1/,
    );
    await expectInvalid({ ...base, input: [say('x'), answer, call] }, /call_id call_1/);
  });

  it('rejects malformed requests like the real API', async () => {
    await expectInvalid('nope', /could not parse the JSON body/);
    await expectInvalid({ input: 'x' }, /Missing required parameter: 'model'/);
    await expectInvalid({ ...base }, /Missing required parameter: 'input'/);
    await expectInvalid({ ...base, input: [] }, /empty array/);
    await expectInvalid(
      { ...base, input: [{ role: 'tool', content: 'x' }] },
      /Invalid value: 'tool'/,
    );
  });

  it('compacts a conversation into a sealed item it later accepts', async () => {
    const compacted = await (
      await send(
        { ...base, input: [say('a'), { role: 'assistant', content: 'b' }] },
        '/responses/compact',
      )
    ).json();
    expect(at(compacted, 'object')).toBe('response.compaction');
    const output = at(compacted, 'output') as Item[];
    expect(output.at(-1)).toMatchObject({
      type: 'compaction',
      encrypted_content: expect.any(String),
    });
    expect((await send({ ...base, input: [...output, say('continue')] })).status).toBe(200);
    expect(fake.requests.map((request) => request.path)).toEqual([
      '/v1/responses/compact',
      '/v1/responses',
    ]);
  });

  it('uses bearer auth and OpenAI error shapes', async () => {
    const wrong = await post(
      fake,
      '/responses',
      { ...base, input: 'x' },
      { headers: { authorization: 'Bearer bad' } },
    );
    expect(wrong.status).toBe(401);
    fake.enqueue({ error: { status: 429 } });
    const limited = await send({ ...base, input: 'x' });
    expect(limited.headers.get('x-ratelimit-reset-requests')).toBe('1s');
    expect(at(await limited.json(), 'error', 'type')).toBe('requests');
  });
});
