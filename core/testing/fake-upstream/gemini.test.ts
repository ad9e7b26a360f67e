// Gemini fake: GenerateContentResponse as JSON, SSE and JSON array; thought signatures; pairing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { THOUGHT_SIGNATURE_INVALID } from './gemini-validate.js';
import { startFakeUpstream } from './server.js';
import { at, dataOf, post, readSse, tamper } from './test-helpers.js';
import type { FakeUpstream } from './types.js';

const MODEL = 'gemini-2.5-pro';
const say = (text: string) => ({ role: 'user', parts: [{ text }] });
const call = (name: string, extra: Record<string, unknown> = {}) => ({
  functionCall: { name, args: {} },
  ...extra,
});
const answer = (name: string) => ({ functionResponse: { name, response: { ok: true } } });
type Part = Record<string, unknown>;

describe('gemini fake', () => {
  let fake: FakeUpstream;
  beforeAll(async () => {
    fake = await startFakeUpstream({ format: 'gemini' });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const send = (body: unknown, action = 'generateContent', query = '') =>
    post(fake, `/models/${MODEL}:${action}${query}`, body);
  const expectInvalid = async (body: unknown, message: RegExp | string) => {
    const response = await send(body);
    expect(response.status).toBe(400);
    const error = at(await response.json(), 'error');
    expect(at(error, 'code')).toBe(400);
    expect(at(error, 'status')).toBe('INVALID_ARGUMENT');
    if (typeof message === 'string') expect(at(error, 'message')).toBe(message);
    else expect(at(error, 'message')).toMatch(message);
  };

  it('has a /v1beta base URL and echoes by default', async () => {
    expect(fake.baseUrl).toMatch(/\/v1beta$/);
    const body = await (await send({ contents: [say('hello')] })).json();
    expect(at(body, 'candidates', 0, 'content')).toEqual({
      role: 'model',
      parts: [{ text: 'echo: hello' }],
    });
    expect(at(body, 'candidates', 0, 'finishReason')).toBe('STOP');
  });

  it('renders thoughts, text and whole function calls with Gemini usage buckets', async () => {
    fake.enqueue({
      reply: {
        thinking: 'pondering',
        text: 'Checking.',
        toolCalls: [
          { name: 'lookup', arguments: { id: 7 } },
          { name: 'other', arguments: {} },
        ],
        usage: { input: 10, cacheRead: 90, output: 30, reasoning: 12 },
      },
    });
    const body = await (await send({ contents: [say('hi')] })).json();
    const parts = at(body, 'candidates', 0, 'content', 'parts') as Part[];
    expect(parts[0]).toEqual({ text: 'pondering', thought: true });
    expect(parts[1]).toEqual({ text: 'Checking.' });
    expect(parts[2]).toMatchObject({
      functionCall: { name: 'lookup', args: { id: 7 } },
      thoughtSignature: expect.any(String),
    });
    expect(parts[3]).toEqual({ functionCall: { name: 'other', args: {} } });
    expect(at(body, 'usageMetadata')).toMatchObject({
      promptTokenCount: 100,
      cachedContentTokenCount: 90,
      candidatesTokenCount: 18,
      thoughtsTokenCount: 12,
      totalTokenCount: 130,
    });
  });

  it('puts the thought signature on the last part when there are no calls', async () => {
    fake.enqueue({ reply: { thinking: 'hm', text: 'plain' } });
    const parts = at(
      await (await send({ contents: [say('hi')] })).json(),
      'candidates',
      0,
      'content',
      'parts',
    ) as Part[];
    expect(parts[0]?.thoughtSignature).toBeUndefined();
    expect(parts[1]).toMatchObject({ text: 'plain', thoughtSignature: expect.any(String) });
  });

  it('streams SSE chunks with text split and the finish on the last chunk', async () => {
    fake.enqueue({
      reply: {
        thinking: 'a thought',
        text: 'streamed words here',
        toolCalls: [{ name: 'f', arguments: { x: 1 } }],
      },
    });
    const response = await send({ contents: [say('hi')] }, 'streamGenerateContent', '?alt=sse');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const chunks = dataOf(await readSse(response));
    const parts = chunks.flatMap(
      (chunk) => at(chunk, 'candidates', 0, 'content', 'parts') as Part[],
    );
    expect(
      parts
        .filter((p) => p.thought)
        .map((p) => p.text)
        .join(''),
    ).toBe('a thought');
    expect(
      parts
        .filter((p) => !p.thought && typeof p.text === 'string')
        .map((p) => p.text)
        .join(''),
    ).toBe('streamed words here');
    expect(parts.filter((p) => !p.thought && typeof p.text === 'string').length).toBeGreaterThan(1);
    expect(parts.find((p) => p.functionCall)).toMatchObject({
      functionCall: { name: 'f', args: { x: 1 } },
      thoughtSignature: expect.any(String),
    });
    expect(
      chunks
        .slice(0, -1)
        .every((chunk) => at(chunk, 'candidates', 0, 'finishReason') === undefined),
    ).toBe(true);
    expect(at(chunks.at(-1), 'candidates', 0, 'finishReason')).toBe('STOP');
    expect(at(chunks.at(-1), 'usageMetadata', 'candidatesTokenCount')).toEqual(expect.any(Number));
  });

  it('streams a JSON array without alt=sse', async () => {
    fake.enqueue({ reply: { text: 'array of chunks', stopReason: 'max_tokens' } });
    const response = await send({ contents: [say('hi')] }, 'streamGenerateContent');
    expect(response.headers.get('content-type')).toBe('application/json');
    const chunks = JSON.parse(await response.text()) as unknown[];
    expect(chunks.length).toBeGreaterThan(1);
    expect(
      chunks.map((chunk) => at(chunk, 'candidates', 0, 'content', 'parts', 0, 'text')).join(''),
    ).toBe('array of chunks');
    expect(at(chunks.at(-1), 'candidates', 0, 'finishReason')).toBe('MAX_TOKENS');
  });

  it('ends a stream with an error object', async () => {
    fake.enqueue({
      reply: { text: 'abcdef' },
      streamError: { afterEvents: 1, message: 'backend died' },
    });
    const chunks = dataOf(
      await readSse(await send({ contents: [say('hi')] }, 'streamGenerateContent', '?alt=sse')),
    );
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toEqual({
      error: { code: 500, message: 'backend died', status: 'INTERNAL' },
    });
    fake.enqueue({ reply: { text: 'abcdef' }, streamError: { afterEvents: 1 } });
    const array = JSON.parse(
      await (await send({ contents: [say('hi')] }, 'streamGenerateContent')).text(),
    ) as unknown[];
    expect(at(array.at(-1), 'error', 'status')).toBe('INTERNAL');
  });

  it('verifies thought signatures of the current turn and rejects tampering', async () => {
    fake.enqueue({ reply: { thinking: 'plan', toolCalls: [{ name: 'f', arguments: {} }] } });
    const first = await (await send({ contents: [say('q')] })).json();
    const modelTurn = at(first, 'candidates', 0, 'content') as { parts: Part[] };
    const history = [say('q'), modelTurn, { role: 'user', parts: [answer('f')] }];
    expect((await send({ contents: history })).status).toBe(200);
    const signed = modelTurn.parts.find((p) => p.functionCall) ?? {};
    const forged = {
      role: 'model',
      parts: [{ ...signed, thoughtSignature: tamper(signed.thoughtSignature as string) }],
    };
    await expectInvalid(
      { contents: [say('q'), forged, { role: 'user', parts: [answer('f')] }] },
      THOUGHT_SIGNATURE_INVALID,
    );
    // An earlier turn (before the latest user text) is not checked.
    const older = [
      say('q'),
      forged,
      { role: 'user', parts: [answer('f')] },
      { role: 'model', parts: [{ text: 'ok' }] },
      say('new question'),
    ];
    expect((await send({ contents: older })).status).toBe(200);
  });

  it('requires as many function responses as function calls, right after the call turn', async () => {
    const calls = { role: 'model', parts: [call('a'), call('b')] };
    expect(
      (
        await send({
          contents: [say('x'), calls, { role: 'user', parts: [answer('a'), answer('b')] }],
        })
      ).status,
    ).toBe(200);
    await expectInvalid(
      { contents: [say('x'), calls, { role: 'user', parts: [answer('a')] }] },
      /number of function response parts is equal/,
    );
    await expectInvalid({ contents: [say('x'), calls] }, /number of function response parts/);
    await expectInvalid(
      { contents: [say('x'), { role: 'user', parts: [answer('a')] }] },
      /number of function response parts/,
    );
    await expectInvalid(
      { contents: [say('x'), { role: 'model', parts: [{ text: 'hm' }] }, calls] },
      /function call turn comes immediately after/,
    );
  });

  it('rejects JSON Schema keywords in parameters but accepts them in parametersJsonSchema', async () => {
    const schema = { type: 'object', properties: { q: { type: 'string' } } };
    const declare = (field: string, value: unknown) => ({
      tools: [{ functionDeclarations: [{ name: 'f', [field]: value }] }],
    });
    await expectInvalid(
      {
        contents: [say('x')],
        ...declare('parameters', { ...schema, additionalProperties: false }),
      },
      /Unknown name "additionalProperties" at 'tools\[0\]\.function_declarations\[0\]\.parameters'/,
    );
    await expectInvalid(
      {
        contents: [say('x')],
        ...declare('parameters', { ...schema, $schema: 'http://json-schema.org/draft-07/schema#' }),
      },
      /Unknown name "\$schema"/,
    );
    const nested = {
      type: 'object',
      properties: { o: { type: 'object', additionalProperties: true } },
    };
    await expectInvalid(
      { contents: [say('x')], ...declare('parameters', nested) },
      /parameters\.properties\[0\]\.value/,
    );
    const loose = { ...schema, additionalProperties: false, $schema: 'x' };
    expect(
      (await send({ contents: [say('x')], ...declare('parametersJsonSchema', loose) })).status,
    ).toBe(200);
  });

  it('rejects malformed requests like the real API', async () => {
    await expectInvalid('{bad', /Invalid JSON payload received/);
    await expectInvalid({ contents: [] }, /contents is not specified/);
    await expectInvalid(
      { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] },
      'Please use a valid role: user, model.',
    );
    await expectInvalid({ contents: [{ role: 'user', parts: [] }] }, /parts must not be empty/);
  });

  it('authenticates with x-goog-api-key or ?key=', async () => {
    const url = `${fake.baseUrl}/models/${MODEL}:generateContent`;
    const body = JSON.stringify({ contents: [say('x')] });
    expect((await fetch(`${url}?key=test-upstream-key`, { method: 'POST', body })).status).toBe(
      200,
    );
    const wrong = await fetch(url, { method: 'POST', body, headers: { 'x-goog-api-key': 'bad' } });
    // As Gemini itself: a wrong key is a 400 whose details name API_KEY_INVALID.
    expect(wrong.status).toBe(400);
    const refusal = await wrong.json();
    expect(at(refusal, 'error', 'status')).toBe('INVALID_ARGUMENT');
    expect(JSON.stringify(at(refusal, 'error', 'details'))).toContain('API_KEY_INVALID');
    const missing = await fetch(url, { method: 'POST', body });
    expect(missing.status).toBe(403);
    expect(at(await missing.json(), 'error', 'status')).toBe('PERMISSION_DENIED');
    const listing = await fetch(`${fake.baseUrl}/models`, { headers: { 'x-goog-api-key': 'bad' } });
    expect(listing.status).toBe(400);
  });

  it('sends RESOURCE_EXHAUSTED with RetryInfo on 429 and UNAVAILABLE on 503', async () => {
    fake.enqueue({ error: { status: 429 } }, { error: { status: 503 } });
    const limited = await send({ contents: [say('x')] });
    expect(limited.status).toBe(429);
    const error = at(await limited.json(), 'error');
    expect(error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(at(error, 'details', 0, 'retryDelay')).toBe('1s');
    expect(at(await (await send({ contents: [say('x')] })).json(), 'error', 'status')).toBe(
      'UNAVAILABLE',
    );
  });

  it('counts tokens and lists models', async () => {
    const counted = await send({ contents: [say('how many tokens is this')] }, 'countTokens');
    expect(at(await counted.json(), 'totalTokens')).toBeGreaterThan(0);
    const listed = await fetch(`${fake.baseUrl}/models?key=test-upstream-key`);
    expect(at(await listed.json(), 'models', 0, 'name')).toBe('models/gemini-2.5-pro');
  });
});
