import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../storage/settings-schema.js';
import type { FakeFormat, FakeUpstream } from '../testing/fake-upstream/index.js';
import { startFakeUpstream } from '../testing/fake-upstream/index.js';
import { RedirectDispatcher } from '../testing/redirect-dispatcher.js';
import { resolveProvider, type ResolvedProvider } from './catalog.js';
import { verifyApiKey } from './verify-key.js';

const GOOD = 'sk-right-key-0123456789';
const WRONG = 'sk-wrong-key-9876543210';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function resolved(kind: string, baseUrl?: string): ResolvedProvider {
  const config: ProviderConfig = {
    id: 'acct',
    kind,
    prefix: 'acct',
    enabled: true,
    hasApiKey: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...(baseUrl === undefined ? {} : { baseUrl }),
  };
  const provider = resolveProvider(config);
  if ('code' in provider) throw new Error(`cannot resolve ${kind}`);
  return provider;
}

async function fake(format: FakeFormat): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream({ format, apiKey: GOOD });
  cleanups.push(() => upstream.close());
  return upstream;
}

/** A local HTTP server answering every request with `status` and `body`. */
async function answering(status: number, body: unknown): Promise<string> {
  const server: Server = createHttpServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const CUSTOM_KIND: Record<string, string> = {
  'openai-chat': 'openai',
  'openai-responses': 'openai-responses',
  anthropic: 'anthropic',
  gemini: 'gemini',
};

describe('verifyApiKey against each wire format', () => {
  it.each([
    ['openai-chat', '/v1/models', 'authorization', `Bearer ${GOOD}`],
    ['openai-responses', '/v1/models', 'authorization', `Bearer ${GOOD}`],
    ['anthropic', '/v1/models', 'x-api-key', GOOD],
    ['gemini', '/v1beta/models', 'x-goog-api-key', GOOD],
  ] as const)('%s: a good key lists models (%s, %s)', async (format, path, header, value) => {
    const upstream = await fake(format);
    const check = await verifyApiKey(resolved(CUSTOM_KIND[format]!, upstream.baseUrl), GOOD);
    expect(check).toEqual({ outcome: 'valid' });
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]).toMatchObject({ method: 'GET', path });
    expect(upstream.requests[0]?.headers[header]).toBe(value);
  });

  it.each([
    ['openai-chat', 'Incorrect API key provided: sk-*****3210'],
    ['openai-responses', 'Incorrect API key provided: sk-*****3210'],
    ['anthropic', 'invalid x-api-key'],
    ['gemini', 'API key not valid. Please pass a valid API key'],
  ] as const)('%s: a wrong key is rejected with the vendor’s reason', async (format, reason) => {
    const upstream = await fake(format);
    const check = await verifyApiKey(resolved(CUSTOM_KIND[format]!, upstream.baseUrl), WRONG);
    expect(check).toEqual({ outcome: 'rejected', message: reason });
    expect(JSON.stringify(check)).not.toContain(WRONG);
  });
});

describe('verifyApiKey for registry providers', () => {
  it('asks the real host through the dispatcher it is given', async () => {
    const upstream = await fake('anthropic');
    const dispatcher = new RedirectDispatcher(new URL(upstream.baseUrl).origin, [
      'https://api.anthropic.com',
    ]);
    cleanups.push(() => dispatcher.close());
    expect(await verifyApiKey(resolved('anthropic'), GOOD, { dispatcher })).toEqual({
      outcome: 'valid',
    });
    expect(dispatcher.seen).toEqual(['https://api.anthropic.com']);
    expect(upstream.requests[0]?.headers['anthropic-version']).toBe('2023-06-01');
    expect(await verifyApiKey(resolved('anthropic'), WRONG, { dispatcher })).toMatchObject({
      outcome: 'rejected',
    });
  });

  it('reads OpenRouter’s key endpoint, since its model listing is public', async () => {
    const upstream = await fake('openai-chat');
    const dispatcher = new RedirectDispatcher(new URL(upstream.baseUrl).origin, [
      'https://openrouter.ai',
    ]);
    cleanups.push(() => dispatcher.close());
    // The fake has no such route: a 404 says nothing about the key.
    expect(await verifyApiKey(resolved('openrouter'), GOOD, { dispatcher })).toMatchObject({
      outcome: 'unchecked',
    });
    expect(upstream.requests[0]?.path).toBe('/api/v1/key');
  });

  it.each(['glm', 'minimax', 'ollama'])(
    '%s offers nothing to check a key with, so nothing is asked',
    async (kind) => {
      // Refuses every origin: any request would fail the check as unreachable.
      const dispatcher = new RedirectDispatcher('http://127.0.0.1:9', []);
      cleanups.push(() => dispatcher.close());
      expect(await verifyApiKey(resolved(kind), GOOD, { dispatcher })).toMatchObject({
        outcome: 'unchecked',
      });
      expect(dispatcher.seen).toEqual([]);
    },
  );
});

describe('verifyApiKey when the upstream does not answer well', () => {
  it('calls a closed port unreachable', async () => {
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const check = await verifyApiKey(resolved('openai', `http://127.0.0.1:${port}/v1`), GOOD);
    expect(check).toEqual({
      outcome: 'unreachable',
      message: `could not reach 127.0.0.1:${port} (ECONNREFUSED)`,
    });
  });

  it('gives up on an upstream that never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const { port } = silent.address() as AddressInfo;
    const check = await verifyApiKey(resolved('openai', `http://127.0.0.1:${port}/v1`), GOOD, {
      timeoutMs: 200,
    });
    expect(check).toEqual({
      outcome: 'unreachable',
      message: `could not reach 127.0.0.1:${port} (timed out)`,
    });
  });

  it('calls a server error unreachable, with what the upstream said', async () => {
    const base = await answering(503, { error: { message: 'The engine is overloaded.' } });
    const check = await verifyApiKey(resolved('openai', base), GOOD);
    expect(check).toMatchObject({ outcome: 'unreachable' });
    expect(check.outcome !== 'valid' && check.message).toContain(
      'HTTP 503: The engine is overloaded',
    );
  });

  it('masks the key when the upstream repeats it in its refusal', async () => {
    const base = await answering(401, {
      error: { message: `Key ${WRONG}\nis not valid.` },
    });
    expect(await verifyApiKey(resolved('openai', base), WRONG)).toEqual({
      outcome: 'rejected',
      message: 'Key [key] is not valid',
    });
  });

  it('says which host refused when the refusal has no message', async () => {
    const base = await answering(403, 'forbidden');
    const host = new URL(base).host;
    expect(await verifyApiKey(resolved('openai', base), WRONG)).toEqual({
      outcome: 'rejected',
      message: `${host} answered HTTP 403`,
    });
  });
});
