// Protocol-independent behaviour of the fake: recording, scripting, hang, drop, abort, close.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelList } from './models.js';
import { startFakeUpstream } from './server.js';
import { createSigner } from './signing.js';
import { at, authHeaders, post } from './test-helpers.js';
import type { FakeUpstream } from './types.js';

const chat = (text: string, extra: Record<string, unknown> = {}) => ({
  model: 'gpt-5.2',
  messages: [{ role: 'user', content: text }],
  ...extra,
});

describe('fake upstream server', () => {
  let fake: FakeUpstream;
  beforeEach(async () => {
    fake = await startFakeUpstream({ format: 'openai-chat' });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('listens on 127.0.0.1 and answers with an echo when nothing is scripted', async () => {
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const response = await post(fake, '/chat/completions', chat('hello there'));
    expect(response.status).toBe(200);
    expect(at(await response.json(), 'choices', 0, 'message', 'content')).toBe('echo: hello there');
  });

  it('records method, path, query, headers, parsed and raw body', async () => {
    await fetch(`${fake.baseUrl}/chat/completions?trace=1`, {
      method: 'POST',
      headers: { ...authHeaders('openai-chat'), 'x-extra': 'yes' },
      body: JSON.stringify(chat('hi')),
    });
    const [request] = await fake.waitForRequests(1);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      query: { trace: '1' },
      body: chat('hi'),
      aborted: false,
    });
    expect(request?.headers['x-extra']).toBe('yes');
    expect(request?.rawBody.toString()).toBe(JSON.stringify(chat('hi')));
  });

  it('plays steps in order, then falls back to the default reply', async () => {
    fake.enqueue({ reply: { text: 'first' } }, { error: { status: 500 } });
    const first = await post(fake, '/chat/completions', chat('a'));
    const second = await post(fake, '/chat/completions', chat('b'));
    const third = await post(fake, '/chat/completions', chat('c'));
    expect(at(await first.json(), 'choices', 0, 'message', 'content')).toBe('first');
    expect(second.status).toBe(500);
    expect(at(await third.json(), 'choices', 0, 'message', 'content')).toBe('echo: c');
  });

  it('applies delay and extra headers, and sends custom error bodies verbatim', async () => {
    fake.enqueue(
      { reply: { text: 'late' }, delay: 50, headers: { 'x-fake': '1' } },
      { error: { status: 418, body: { custom: true }, headers: { 'x-why': 'teapot' } } },
    );
    const started = Date.now();
    const late = await post(fake, '/chat/completions', chat('x'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(late.headers.get('x-fake')).toBe('1');
    const custom = await post(fake, '/chat/completions', chat('x'));
    expect(custom.status).toBe(418);
    expect(custom.headers.get('x-why')).toBe('teapot');
    expect(await custom.json()).toEqual({ custom: true });
  });

  it('hands the raw exchange to a respond step', async () => {
    fake.enqueue({
      respond: (req, res) => {
        res.writeHead(202, { 'content-type': 'text/plain' });
        res.end(`saw ${req.path}`);
      },
    });
    const response = await post(fake, '/chat/completions', chat('x'));
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('saw /v1/chat/completions');
  });

  it('detects a client abort while hanging', async () => {
    fake.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = post(fake, '/chat/completions', chat('x'), { signal: controller.signal });
    await fake.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    const aborted = await fake.waitForAbort();
    expect(aborted.aborted).toBe(true);
  });

  it('detects a client abort after the response has started', async () => {
    fake.enqueue({
      respond: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"partial":true}\n\n');
      },
    });
    const controller = new AbortController();
    const response = await post(fake, '/chat/completions', chat('x', { stream: true }), {
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    expect((await fake.waitForAbort(0)).aborted).toBe(true);
  });

  it('ends hanging responses on close', async () => {
    fake.enqueue({ hang: true });
    const pending = post(fake, '/chat/completions', chat('x'));
    await fake.waitForRequests(1);
    await fake.close();
    await expect(pending).rejects.toThrow();
    expect(fake.requests[0]?.aborted).toBe(false);
  });

  it('drops the connection after n stream events without counting it as an abort', async () => {
    fake.enqueue({ reply: { text: 'one two three four' }, dropAfterEvents: 2 });
    const response = await post(fake, '/chat/completions', chat('x', { stream: true }));
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(fake.requests[0]?.aborted).toBe(false);
  });

  it('cuts a non-streaming body in half when asked to drop', async () => {
    fake.enqueue({ reply: { text: 'whole body' }, dropAfterEvents: 0 });
    const response = await post(fake, '/chat/completions', chat('x'));
    await expect(response.text()).rejects.toThrow();
  });

  it('resets queue and records, and times out waiting for requests that never come', async () => {
    fake.enqueue({ error: { status: 500 } });
    await post(fake, '/chat/completions', chat('x'));
    fake.enqueue({ error: { status: 500 } });
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    const response = await post(fake, '/chat/completions', chat('y'));
    expect(response.status).toBe(200);
    await expect(fake.waitForRequests(5, 50)).rejects.toThrow(/timed out/);
  });

  it('answers unknown routes with a 404 in the vendor shape', async () => {
    const response = await post(fake, '/embeddings', {});
    expect(response.status).toBe(404);
    expect(at(await response.json(), 'error', 'type')).toBe('invalid_request_error');
  });
});

describe('fake model listing', () => {
  it('lists the configured models in the OpenAI shape', async () => {
    const fake = await startFakeModelList({ models: ['llama3', 'qwen3'] });
    try {
      const response = await fetch(`${fake.baseUrl}/models`, {
        headers: authHeaders('openai-chat'),
      });
      const body = await response.json();
      expect(at(body, 'object')).toBe('list');
      expect((at(body, 'data') as { id: string }[]).map((m) => m.id)).toEqual(['llama3', 'qwen3']);
    } finally {
      await fake.close();
    }
  });
});

describe('signer', () => {
  it('verifies what it signed and rejects tampering or another instance', () => {
    const signer = createSigner();
    const signature = signer.sign('deep thought');
    expect(signer.verify('deep thought', signature)).toBe(true);
    expect(signer.verify('deep thought!', signature)).toBe(false);
    expect(signer.verify('deep thought', `${signature}x`)).toBe(false);
    expect(createSigner().verify('deep thought', signature)).toBe(false);
    const token = signer.seal('payload');
    expect(signer.open(token)).toBe('payload');
    expect(signer.open(`A${token}`)).toBeUndefined();
    expect(signer.open('no-dot')).toBeUndefined();
  });
});
