/** The status store against a fake fetch: no DOM and no server needed. */
import { describe, expect, it, vi } from 'vitest';
import { createStatusStore, type StatusDeps } from './status';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function store(fetch: StatusDeps['fetch']) {
  return createStatusStore({ endpoint: 'http://127.0.0.1:4141/', fetch, now: () => 1_000 });
}

describe('status store', () => {
  it('starts in checking and keeps the endpoint without a trailing slash', () => {
    const status = store(vi.fn()).getState();
    expect(status.health).toBe('checking');
    expect(status.lastCheckedAt).toBeNull();
    expect(status.endpoint).toBe('http://127.0.0.1:4141');
  });

  it('asks /health and reports up when the server says ok', async () => {
    const fetch = vi.fn<StatusDeps['fetch']>(() => Promise.resolve(json({ status: 'ok' })));
    const status = store(fetch);
    await status.getState().check();
    expect(fetch.mock.calls[0]?.[0]).toBe('http://127.0.0.1:4141/health');
    expect(status.getState()).toMatchObject({ health: 'up', lastCheckedAt: 1_000 });
  });

  it.each([
    ['an error status', () => Promise.resolve(json({ status: 'ok' }, 503))],
    ['an unexpected body', () => Promise.resolve(json({ status: 'starting' }))],
    ['a body that is not JSON', () => Promise.resolve(new Response('<html>'))],
    ['a refused connection', () => Promise.reject(new TypeError('fetch failed'))],
  ])('reports down on %s', async (_name, reply: StatusDeps['fetch']) => {
    const status = store(reply);
    await status.getState().check();
    expect(status.getState().health).toBe('down');
  });

  it('lets the newest check win when an older one finishes last', async () => {
    const replies: ((response: Response) => void)[] = [];
    const status = store(() => new Promise<Response>((resolve) => replies.push(resolve)));
    const older = status.getState().check();
    const newer = status.getState().check();
    replies[1]?.(json({ status: 'ok' }));
    await newer;
    replies[0]?.(json({}, 500));
    await older;
    expect(status.getState().health).toBe('up');
  });
});
