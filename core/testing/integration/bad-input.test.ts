/**
 * Bad input over real sockets: every failure answers in the caller's own
 * error shape with the right status, and never reaches an upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ bodyLimitBytes: 64 * 1024 });
});

afterAll(async () => {
  await harness.close();
});

type Shape = 'openai' | 'anthropic' | 'gemini' | 'ollama';

interface Endpoint {
  name: string;
  path: (model: string) => string;
  shape: Shape;
  /** A valid body for the model, used as the base of bad variants. */
  body: (model: string) => Record<string, unknown>;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'chat completions',
    path: () => '/v1/chat/completions',
    shape: 'openai',
    body: (model) => ({ model, messages: [{ role: 'user', content: 'hi' }] }),
  },
  {
    name: 'responses',
    path: () => '/v1/responses',
    shape: 'openai',
    body: (model) => ({ model, input: 'hi' }),
  },
  {
    name: 'messages',
    path: () => '/v1/messages',
    shape: 'anthropic',
    body: (model) => ({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
  },
  {
    name: 'gemini generateContent',
    path: (model) => `/v1beta/models/${model}:generateContent`,
    shape: 'gemini',
    body: () => ({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
  },
  {
    name: 'ollama chat',
    path: () => '/api/chat',
    shape: 'ollama',
    body: (model) => ({ model, messages: [{ role: 'user', content: 'hi' }], stream: false }),
  },
];

async function post(
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${harness.routerKey}`,
      ...headers,
    },
    body,
  });
}

/** Asserts the body is an error in `shape` and returns its message. */
function expectErrorShape(shape: Shape, json: unknown): string {
  const body = json as Record<string, unknown>;
  switch (shape) {
    case 'openai': {
      const error = body['error'] as Record<string, unknown>;
      expect(typeof error['message']).toBe('string');
      expect(typeof error['type']).toBe('string');
      expect(error).toHaveProperty('param');
      expect(error).toHaveProperty('code');
      return error['message'] as string;
    }
    case 'anthropic': {
      expect(body['type']).toBe('error');
      const error = body['error'] as Record<string, unknown>;
      expect(typeof error['type']).toBe('string');
      return error['message'] as string;
    }
    case 'gemini': {
      const error = body['error'] as Record<string, unknown>;
      expect(typeof error['code']).toBe('number');
      expect(typeof error['status']).toBe('string');
      return error['message'] as string;
    }
    case 'ollama':
      expect(typeof body['error']).toBe('string');
      return body['error'] as string;
  }
}

describe.each(ENDPOINTS)('$name', (endpoint) => {
  const model = (): string =>
    endpoint.shape === 'openai' && endpoint.name === 'responses'
      ? harness.model('openai-responses')
      : harness.model('openai-chat');

  it('answers truncated JSON with 400', async () => {
    const text = JSON.stringify(endpoint.body(model())).slice(0, -7);
    const response = await post(endpoint.path(model()), text);
    expect(response.status).toBe(400);
    expect(expectErrorShape(endpoint.shape, await response.json())).toMatch(/JSON/);
  });

  it('answers a non-object body with 400', async () => {
    const response = await post(endpoint.path(model()), '[1,2,3]');
    expect(response.status).toBe(400);
    expectErrorShape(endpoint.shape, await response.json());
  });

  it('answers a body over the limit with 413', async () => {
    const body = endpoint.body(model());
    const huge = { ...body, padding: 'x'.repeat(100 * 1024) };
    const response = await post(endpoint.path(model()), JSON.stringify(huge));
    expect(response.status).toBe(413);
    expect(expectErrorShape(endpoint.shape, await response.json())).toMatch(/limit/);
  });

  it('answers an unknown model with 404 naming close matches', async () => {
    const wrong = `${model()}x`;
    const response = await post(endpoint.path(wrong), JSON.stringify(endpoint.body(wrong)));
    expect(response.status).toBe(404);
    expect(expectErrorShape(endpoint.shape, await response.json())).toContain(model());
  });

  it('answers empty messages with 400 naming the field', async () => {
    const body = endpoint.body(model());
    const empty =
      endpoint.shape === 'gemini'
        ? { contents: [] }
        : endpoint.name === 'responses'
          ? { ...body, input: [] }
          : { ...body, messages: [] };
    const response = await post(endpoint.path(model()), JSON.stringify(empty));
    expect(response.status).toBe(400);
    expect(expectErrorShape(endpoint.shape, await response.json())).toMatch(
      /messages|contents|input/,
    );
  });

  it('answers a missing key with 401 and a wrong key with 401', async () => {
    const body = JSON.stringify(endpoint.body(model()));
    const none = await fetch(`${harness.url}${endpoint.path(model())}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(none.status).toBe(401);
    expectErrorShape(endpoint.shape, await none.json());
    const wrong = await post(endpoint.path(model()), body, {
      authorization: 'Bearer sy-not-a-real-key',
    });
    expect(wrong.status).toBe(401);
    expectErrorShape(endpoint.shape, await wrong.json());
  });
});

describe('wrong types', () => {
  it.each([
    ['chat', '/v1/chat/completions', { messages: 'hello' }, 'openai'],
    [
      'chat stream flag',
      '/v1/chat/completions',
      { messages: [{ role: 'user', content: 'x' }], stream: 'yes' },
      'openai',
    ],
    [
      'messages',
      '/v1/messages',
      { max_tokens: 10, messages: [{ role: 'user', content: 42 }] },
      'anthropic',
    ],
    ['responses', '/v1/responses', { input: 42 }, 'openai'],
  ] as const)('%s → 400 in the caller’s shape', async (_name, path, fields, shape) => {
    // A translated route (chat client → anthropic upstream) so Switchyard itself must validate.
    const model =
      path === '/v1/messages' ? harness.model('openai-chat') : harness.model('anthropic');
    const response = await post(path, JSON.stringify({ model, ...fields }));
    expect(response.status).toBe(400);
    expectErrorShape(shape, await response.json());
    expect(
      harness.fakes.anthropic.requests.length + harness.fakes['openai-chat'].requests.length,
    ).toBe(0);
  });

  it('keeps unknown fields instead of failing (same-format passthrough forwards them untouched)', async () => {
    const fake = harness.fakes['openai-chat'];
    fake.reset();
    const response = await post(
      '/v1/chat/completions',
      JSON.stringify({
        model: harness.model('openai-chat'),
        messages: [{ role: 'user', content: 'hi' }],
        some_future_field: { nested: true },
      }),
    );
    expect(response.status).toBe(200);
    expect(fake.requests[0]?.body).toMatchObject({
      some_future_field: { nested: true },
      model: 'gpt-test',
    });
  });
});
