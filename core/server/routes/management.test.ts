/** The management HTTP API over real sockets: token, Host and Origin checks, Results, SSE. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManagementFailure } from '../../management/failure.js';
import { createManagementService, type ManagementServiceHandle } from '../../management/service.js';
import { MANAGEMENT_METHODS } from '../../shared/contract.js';
import {
  fakeManagementDeps,
  startManagementServer,
  TEST_MANAGEMENT_TOKEN,
  type ManagementTestServer,
} from '../../testing/management.js';

interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http rather than fetch, so tests can send any Host and Origin. */
function raw(
  server: ManagementTestServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body ?? '{}');
  });
}

const auth = { authorization: `Bearer ${TEST_MANAGEMENT_TOKEN}` };

let service: ManagementServiceHandle;
let server: ManagementTestServer;

beforeEach(async () => {
  service = createManagementService(fakeManagementDeps().deps);
  server = await startManagementServer(service, { keepAliveMs: 50 });
});
afterEach(async () => {
  await server.close();
});

describe('management API security', () => {
  it('requires the management token', async () => {
    const missing = await raw(server, '/api/status.get');
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await raw(server, '/api/status.get', {
      headers: { authorization: `Bearer ${TEST_MANAGEMENT_TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    const events = await raw(server, '/api/events', { method: 'GET' });
    expect(events.status).toBe(401);
  });

  it('does not take a router key sent the way model clients send it', async () => {
    const reply = await raw(server, '/api/status.get', {
      headers: { 'x-api-key': TEST_MANAGEMENT_TOKEN },
    });
    expect(reply.status).toBe(401);
  });

  it('refuses another web site, even with the token, and sends no CORS headers', async () => {
    const reply = await raw(server, '/api/status.get', {
      headers: { ...auth, origin: 'https://evil.example' },
    });
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain('0.0.0-test');
    const preflight = await raw(server, '/api/status.get', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('accepts the dashboard’s own origin', async () => {
    const reply = await raw(server, '/api/status.get', {
      headers: { ...auth, origin: server.url },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(reply.headers['cache-control']).toBe('no-store');
  });

  it('refuses a Host that is not loopback (DNS rebinding)', async () => {
    const reply = await raw(server, '/api/status.get', {
      headers: { ...auth, host: `evil.example:${server.port}` },
    });
    expect(reply.status).toBe(403);
  });
});

describe('management API calls', () => {
  it('reaches every method', async () => {
    for (const method of MANAGEMENT_METHODS) {
      const bodies: Partial<Record<(typeof MANAGEMENT_METHODS)[number], unknown>> = {
        'routing.clear': { accountId: 'a' },
        'combos.activate': { name: 'work' },
        'usage.summary': { from: 0, to: 1000, by: 'day', bucket: 'day' },
        'usage.series': { from: 0, to: 1000, by: 'day', bucket: 'day' },
        'requests.trace': { requestId: 'r2' },
        'debugLog.setEnabled': { enabled: true },
        'tools.preview': { tool: 'claude-code' },
        'tools.connect': { tool: 'claude-code' },
        'tools.disconnect': { tool: 'claude-code' },
        'routing.setPaused': { paused: false },
        'combos.save': { name: 'new', entries: [{ model: 'a/mini' }], strategy: 'fallback' },
        'combos.remove': { name: 'cheap' },
        'accounts.setEnabled': { accountId: 'a', enabled: false },
        'accounts.setPriority': { accountId: 'a', priority: 2 },
        'accounts.addApiKey': { kind: 'deepseek', id: 'ds', apiKey: 'sk-test' },
        'accounts.remove': { accountId: 'b' },
        'settings.update': { alertThresholds: [70, 90] },
        'keys.create': { name: 'ci' },
        'keys.revoke': { id: 'rk_laptop' },
        'logins.start': { kind: 'cc' },
        'logins.get': { id: 'login-1' },
        'logins.cancel': { id: 'login-1' },
      };
      const body = bodies[method] ?? {};
      // The range methods each reject the other's field, which checks strictness on the way.
      const payload = { ...body } as Record<string, unknown>;
      if (method === 'usage.summary') delete payload['bucket'];
      if (method === 'usage.series') delete payload['by'];
      const reply = await raw(server, `/api/${method}`, {
        headers: auth,
        body: JSON.stringify(payload),
      });
      expect(reply.status, `${method}: ${reply.body}`).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: true });
    }
  });

  it('treats an empty body as no fields', async () => {
    const reply = await raw(server, '/api/accounts.list', { headers: auth, body: '' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).value).toHaveLength(2);
  });

  it.each([
    ['/api/routing.clear', '{"accountId":7}', 400, 'invalid_request'],
    ['/api/status.get', '{not json', 400, 'invalid_request'],
    ['/api/routing.clear', '{"accountId":"nobody"}', 404, 'not_found'],
    ['/api/nothing.here', '{}', 404, 'not_found'],
  ])('%s %s → %i %s', async (path, body, status, code) => {
    const reply = await raw(server, path, { headers: auth, body });
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code } });
  });

  it('maps unavailable to 503', async () => {
    await server.close();
    const { deps } = fakeManagementDeps();
    server = await startManagementServer(
      createManagementService({
        ...deps,
        refreshQuota: () =>
          Promise.reject(new ManagementFailure('unavailable', 'Quota polling is off.')),
      }),
    );
    const reply = await raw(server, '/api/quota.refresh', { headers: auth });
    expect(reply.status).toBe(503);
  });

  it('leaves the Ollama routes under /api alone', async () => {
    const reply = await raw(server, '/api/tags', { method: 'GET' });
    expect(reply.status).toBe(200);
  });
});

describe('management events (SSE)', () => {
  it('streams events and unsubscribes when the client goes away', async () => {
    let subscribers = 0;
    const counted = {
      call: service.call,
      subscribe: (listener: Parameters<typeof service.subscribe>[0]) => {
        subscribers += 1;
        const stop = service.subscribe(listener);
        return () => {
          subscribers -= 1;
          stop();
        };
      },
    };
    await server.close();
    server = await startManagementServer(counted, { keepAliveMs: 20 });

    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/events`, {
      headers: auth,
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil(': connected');
    expect(subscribers).toBe(1);
    service.publish({ type: 'needs-login', accountId: 'a', message: 'Log in again.' });
    await readUntil('Log in again.');
    expect(text).toContain('event: needs-login\ndata: {"type":"needs-login"');
    await readUntil(': keepalive');

    controller.abort();
    await expect.poll(() => subscribers, { timeout: 2000 }).toBe(0);
  });
});
