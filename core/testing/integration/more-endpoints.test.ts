/**
 * The endpoints the SDK matrix does not cover: token counting (asked of the
 * upstream where it can count, labelled as an estimate where it cannot),
 * Ollama's NDJSON chat, and the Responses compaction passthrough.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness.close();
});

function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': harness.routerKey,
      'anthropic-version': '2023-06-01',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

describe('count_tokens', () => {
  const messages = [{ role: 'user', content: 'How many tokens is this sentence?' }];

  it('asks an Anthropic upstream and says the count came from upstream (trap 8)', async () => {
    harness.fakes.anthropic.reset();
    const response = await post('/v1/messages/count_tokens', {
      model: harness.model('anthropic'),
      messages,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-token-count')).toBe('upstream');
    const body = (await response.json()) as { input_tokens: number; estimated?: boolean };
    expect(body.input_tokens).toBeGreaterThan(0);
    expect(body.estimated).toBeUndefined();
    expect(harness.fakes.anthropic.requests[0]?.path).toContain('count_tokens');
  });

  it('translates to a Gemini upstream’s countTokens', async () => {
    harness.fakes.gemini.reset();
    const response = await post('/v1/messages/count_tokens', {
      model: harness.model('gemini'),
      messages,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-token-count')).toBe('upstream');
    expect(harness.fakes.gemini.requests[0]?.path).toContain(':countTokens');
  });

  it('labels a local guess as an estimate when the upstream cannot count (trap 8)', async () => {
    harness.fakes['openai-chat'].reset();
    const response = await post('/v1/messages/count_tokens', {
      model: harness.model('openai-chat'),
      messages,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-token-count')).toBe('estimated');
    const body = (await response.json()) as { input_tokens: number; estimated: boolean };
    expect(body.estimated).toBe(true);
    expect(body.input_tokens).toBeGreaterThan(0);
    expect(harness.fakes['openai-chat'].requests).toHaveLength(0);
  });

  it('serves Gemini :countTokens from an Anthropic upstream', async () => {
    harness.fakes.anthropic.reset();
    const response = await fetch(
      `${harness.url}/v1beta/models/${harness.model('anthropic')}:countTokens`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': harness.routerKey },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'count me' }] }] }),
      },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { totalTokens: number };
    expect(body.totalTokens).toBeGreaterThan(0);
  });
});

describe('Ollama /api/chat', () => {
  it('streams NDJSON by default, ending with done: true and counts', async () => {
    const fake = harness.fakes.anthropic;
    fake.reset();
    fake.enqueue({ reply: { text: 'Hi from Claude', usage: { input: 9, output: 4 } } });
    const response = await post('/api/chat', {
      model: harness.model('anthropic'),
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const text = lines
      .map((line) => (line['message'] as { content?: string } | undefined)?.content ?? '')
      .join('');
    expect(text).toBe('Hi from Claude');
    expect(lines.at(-1)).toMatchObject({
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 9,
      eval_count: 4,
    });
  });

  it('answers a single JSON object when stream is false, tool calls included', async () => {
    const fake = harness.fakes['openai-responses'];
    fake.reset();
    fake.enqueue({
      reply: { toolCalls: [{ name: 'lookup', arguments: { q: 'x' } }], stopReason: 'tool_use' },
    });
    const response = await post('/api/chat', {
      model: harness.model('openai-responses'),
      stream: false,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
      messages: [{ role: 'user', content: 'look it up' }],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { done: boolean; message: { tool_calls: unknown[] } };
    expect(body.done).toBe(true);
    expect(body.message.tool_calls).toEqual([
      { function: { name: 'lookup', arguments: { q: 'x' } } },
    ]);
  });
});

describe('/v1/responses/compact', () => {
  it('passes through to a Responses upstream', async () => {
    const fake = harness.fakes['openai-responses'];
    fake.reset();
    const response = await post(
      '/v1/responses/compact',
      {
        model: harness.model('openai-responses'),
        input: [{ role: 'user', content: 'long history' }],
      },
      { authorization: `Bearer ${harness.routerKey}` },
    );
    expect(response.status).toBe(200);
    expect(fake.requests[0]?.path).toBe('/v1/responses/compact');
  });

  it('refuses clearly when the model is served in another format', async () => {
    const response = await post(
      '/v1/responses/compact',
      { model: harness.model('anthropic'), input: [{ role: 'user', content: 'long history' }] },
      { authorization: `Bearer ${harness.routerKey}` },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/Responses upstream/);
  });
});

describe('an omitted stream field means a JSON reply (trap 7)', () => {
  const user = [{ role: 'user', content: 'hello' }];
  const cases: [string, string, () => Record<string, unknown>][] = [
    [
      'chat completions → gemini',
      '/v1/chat/completions',
      () => ({
        model: harness.model('gemini'),
        messages: user,
      }),
    ],
    [
      'responses → openai-chat',
      '/v1/responses',
      () => ({
        model: harness.model('openai-chat'),
        input: 'hello',
      }),
    ],
    [
      'messages → gemini',
      '/v1/messages',
      () => ({
        model: harness.model('gemini'),
        max_tokens: 64,
        messages: user,
      }),
    ],
  ];

  it.each(cases)('%s', async (_name, path, body) => {
    const response = await post(path, body());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(JSON.stringify(await response.json())).toContain('hello');
  });
});
