/**
 * Safety on the wire, over real sockets: Host and Origin checks, no wildcard
 * CORS, upstream cancellation on client disconnect, byte-exact passthrough,
 * upstream errors in the caller's format, and no secret in any log.
 */
import { readdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseParser } from '../../sse/parser.js';
import { startHarness, UPSTREAM_KEY, type Harness } from '../harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness.close();
});

function rawRequest(
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  const url = new URL(harness.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('DNS-rebinding and browser defences', () => {
  it('rejects a foreign Host header with 403 in the caller’s format', async () => {
    const reply = await rawRequest(
      '/v1/messages',
      {
        host: 'attacker.example:20128',
        'x-api-key': harness.routerKey,
        'content-type': 'application/json',
      },
      '{}',
    );
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({
      type: 'error',
      error: { type: 'permission_error' },
    });
  });

  it('rejects a foreign Origin and never sends a wildcard CORS header', async () => {
    const reply = await rawRequest('/v1/models', {
      host: new URL(harness.url).host,
      origin: 'https://evil.example',
      authorization: `Bearer ${harness.routerKey}`,
    });
    expect(reply.status).toBe(403);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a CORS preflight from another site', async () => {
    const url = new URL(harness.url);
    const reply = await rawRequest('/v1/chat/completions', {
      host: url.host,
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
    });
    expect(reply.status).toBe(403);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('accepts its own origin (the dashboard)', async () => {
    const url = new URL(harness.url);
    const reply = await rawRequest('/v1/models', {
      host: url.host,
      origin: harness.url,
      authorization: `Bearer ${harness.routerKey}`,
    });
    expect(reply.status).toBe(200);
  });
});

describe('router keys', () => {
  it.each([
    ['authorization', (key: string) => ({ authorization: `Bearer ${key}` }), ''],
    ['x-api-key', (key: string) => ({ 'x-api-key': key }), ''],
    ['x-goog-api-key', (key: string) => ({ 'x-goog-api-key': key }), ''],
    ['?key=', () => ({}), 'key'],
  ] as const)('accepts the key in %s', async (_name, headers, query) => {
    const path =
      query === '' ? '/v1/models' : `/v1beta/models?key=${encodeURIComponent(harness.routerKey)}`;
    const response = await fetch(`${harness.url}${path}`, { headers: headers(harness.routerKey) });
    expect(response.status).toBe(200);
  });
});

describe('model lists', () => {
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${harness.routerKey}` });

  it('lists prefixed models in OpenAI shape, and Anthropic shape when asked', async () => {
    const openai = (await (
      await fetch(`${harness.url}/v1/models`, { headers: auth() })
    ).json()) as {
      data: { id: string }[];
    };
    expect(openai.data.map((model) => model.id)).toContain(harness.model('anthropic'));
    const anthropic = (await (
      await fetch(`${harness.url}/v1/models`, {
        headers: { ...auth(), 'anthropic-version': '2023-06-01' },
      })
    ).json()) as { data: { type: string; id: string }[]; has_more: boolean };
    expect(anthropic.data[0]).toMatchObject({ type: 'model' });
    expect(anthropic.has_more).toBe(false);
  });

  it('lists Gemini and Ollama shapes', async () => {
    const gemini = (await (
      await fetch(`${harness.url}/v1beta/models`, { headers: auth() })
    ).json()) as {
      models: { name: string }[];
    };
    expect(gemini.models.map((model) => model.name)).toContain(`models/${harness.model('gemini')}`);
    const tags = (await (await fetch(`${harness.url}/api/tags`, { headers: auth() })).json()) as {
      models: { name: string }[];
    };
    expect(tags.models.map((model) => model.name)).toContain(harness.model('openai-chat'));
  });
});

describe('upstream behaviour', () => {
  const chatBody = (model: string, stream: boolean): string =>
    JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hello' }] });
  const headers = (): Record<string, string> => ({
    'content-type': 'application/json',
    authorization: `Bearer ${harness.routerKey}`,
  });

  it('passes a same-format stream through byte for byte', async () => {
    const fake = harness.fakes['openai-chat'];
    fake.reset();
    fake.enqueue({ reply: { text: 'byte exact' } });
    const viaSwitchyard = await (
      await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: headers(),
        body: chatBody(harness.model('openai-chat'), true),
      })
    ).text();
    fake.enqueue({ reply: { text: 'byte exact' } });
    const direct = await (
      await fetch(`${fake.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${UPSTREAM_KEY}` },
        body: chatBody('gpt-test', true),
      })
    ).text();
    // Ids and timestamps differ per reply; the framing and content must not.
    const normalise = (text: string): string =>
      text.replace(/"id":"[^"]*"/g, '"id":""').replace(/"created":\d+/g, '"created":0');
    expect(normalise(viaSwitchyard)).toBe(normalise(direct));
    expect(fake.requests[0]?.headers['authorization']).toBe(`Bearer ${UPSTREAM_KEY}`);
  });

  it('forwards a same-format body byte for byte, only the model swapped', async () => {
    const fake = harness.fakes['openai-chat'];
    fake.reset();
    fake.enqueue({ reply: { text: 'ok' } });
    const sent = (model: string): string =>
      `{ "messages" : [ {"role":"user","content":"caf\\u00e9 \\"quoted\\" ☕"} ],\n` +
      `  "model":${JSON.stringify(model)}, "x_vendor_field": {"keep": [1, 2.50, true]} }`;
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: headers(),
      body: sent(harness.model('openai-chat')),
    });
    expect(response.status).toBe(200);
    await response.text();
    expect(fake.requests[0]?.rawBody.toString()).toBe(sent('gpt-test'));
  });

  it('aborts the upstream request as soon as the client disconnects (trap 9)', async () => {
    const fake = harness.fakes.anthropic;
    fake.reset();
    fake.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: headers(),
      body: chatBody(harness.model('anthropic'), true),
      signal: controller.signal,
    }).catch(() => undefined);
    await fake.waitForRequests(1);
    controller.abort();
    await pending;
    await expect.poll(() => fake.requests[0]?.aborted, { timeout: 5_000 }).toBe(true);
  });

  it('translates an upstream 429 into the caller’s format with retry-after', async () => {
    const fake = harness.fakes.anthropic;
    fake.reset();
    const reset = new Date(Date.now() + 42_000).toISOString();
    fake.enqueue({
      error: {
        status: 429,
        headers: {
          'retry-after': '42',
          'anthropic-ratelimit-requests-reset': reset,
          'anthropic-ratelimit-tokens-reset': reset,
        },
      },
    });
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: headers(),
      body: chatBody(harness.model('anthropic'), false),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(41);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(42);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('rate_limit_error');
    expect(body.error.message).toMatch(/up-anthropic\/claude-test.*recovers at/);
    // The account now rests until its reset; the next tests need it back.
    harness.server.routing.clear();
  });

  it('reports a mid-stream drop as an error event in the caller’s format', async () => {
    const fake = harness.fakes['openai-chat'];
    fake.reset();
    fake.enqueue({
      reply: { text: 'a long answer that will be cut off part way through' },
      dropAfterEvents: 3,
    });
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { ...headers(), 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: harness.model('openai-chat'),
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'hello' }],
      }),
    });
    expect(response.status).toBe(200);
    const parser = new SseParser();
    const events = [...parser.push(await response.text()), ...parser.end()];
    expect(events.at(-1)?.event).toBe('error');
    expect(events.some((event) => event.data === '[DONE]')).toBe(false);
  });

  it('answers an upstream error before the first content as a plain HTTP error (trap 10)', async () => {
    const fake = harness.fakes.gemini;
    fake.reset();
    fake.enqueue({
      streamError: { afterEvents: 0, message: 'model overloaded' },
      reply: { text: 'never' },
    });
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: headers(),
      body: chatBody(harness.model('gemini'), true),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/overloaded/);
  });
});

describe('usage accounting', () => {
  const headers = { 'content-type': 'application/json' };

  it('records the usage a passthrough stream reported, as counted upstream (trap 5)', async () => {
    const fake = harness.fakes['openai-chat'];
    fake.reset();
    fake.enqueue({ reply: { text: 'counted', usage: { input: 120, output: 7 } } });
    const before = harness.usage.length;
    const reply = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${harness.routerKey}` },
      body: JSON.stringify({
        model: harness.model('openai-chat'),
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'count me' }],
      }),
    });
    await reply.text();
    await expect.poll(() => harness.usage.length).toBe(before + 1);
    expect(harness.usage.at(-1)).toMatchObject({
      providerId: 'up-chat',
      model: 'gpt-test',
      inbound: 'openai-chat',
      upstream: 'openai-chat',
      outcome: 'completed',
      usage: { input: 120, output: 7 },
    });
  });

  it('records partial usage when the client hangs up mid-stream (trap 9)', async () => {
    const fake = harness.fakes.anthropic;
    fake.reset();
    fake.enqueue({
      reply: {
        text: 'a long answer the client will not wait for',
        usage: { input: 300, output: 50 },
      },
      hangAfterEvents: 3,
    });
    const before = harness.usage.length;
    const controller = new AbortController();
    const reply = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${harness.routerKey}` },
      body: JSON.stringify({
        model: harness.model('anthropic'),
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'hello' }],
      }),
      signal: controller.signal,
    });
    const reader = reply.body?.getReader();
    await reader?.read();
    controller.abort();
    await expect.poll(() => fake.requests[0]?.aborted, { timeout: 5_000 }).toBe(true);
    await expect.poll(() => harness.usage.length).toBe(before + 1);
    expect(harness.usage.at(-1)).toMatchObject({
      providerId: 'up-anthropic',
      outcome: 'client_aborted',
      usage: { input: 300 },
    });
  });
});

describe('secrets', () => {
  it('never writes the upstream key in plaintext to the data dir or the logs', async () => {
    const files = await readdir(harness.dataDir);
    for (const file of files) {
      const content = await readFile(join(harness.dataDir, file), 'utf8');
      expect(content, file).not.toContain(UPSTREAM_KEY);
      expect(content, file).not.toContain(harness.routerKey);
    }
    expect(harness.logs.join('\n')).not.toContain(UPSTREAM_KEY);
    expect(harness.logs.join('\n')).not.toContain(harness.routerKey);
  });
});
