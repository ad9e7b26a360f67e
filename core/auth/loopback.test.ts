// The one-shot redirect listener, driven directly with plain HTTP requests.
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LoginFailure, startLoopback, type LoopbackOptions } from './loopback.js';

const base: LoopbackOptions = {
  port: 0,
  path: '/callback',
  redirectHost: '127.0.0.1',
  expectedState: 'expected-state',
  providerName: 'Test',
};

async function refuses(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
}

describe('startLoopback', () => {
  it('reports the code of a matching callback, answers a page and closes', async () => {
    const listener = await startLoopback(base);
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${listener.port}/callback`);
    const reply = await fetch(`${listener.redirectUri}?code=abc&state=expected-state`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(await reply.text()).toContain('received your Test sign-in');
    expect(await listener.outcome).toEqual({ ok: true, code: 'abc' });
    expect(await refuses(listener.redirectUri)).toBe(true);
  });

  it('escapes what the provider sent before showing it', async () => {
    const listener = await startLoopback(base);
    const description = encodeURIComponent('<script>alert(1)</script>');
    const reply = await fetch(
      `${listener.redirectUri}?error=server_error&error_description=${description}&state=expected-state`,
    );
    const html = await reply.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(await listener.outcome).toMatchObject({
      ok: false,
      error: { code: 'invalid_response' },
    });
  });

  it('treats a callback without a state as a mismatch', async () => {
    const listener = await startLoopback(base);
    await (await fetch(`${listener.redirectUri}?error=access_denied`)).text();
    expect(await listener.outcome).toMatchObject({ ok: false, error: { code: 'state_mismatch' } });
  });

  it('closes on request, even when never called back', async () => {
    const listener = await startLoopback(base);
    await listener.close();
    await listener.close();
    expect(await refuses(listener.redirectUri)).toBe(true);
  });

  it('throws port_in_use naming the port and the hint', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const error = await startLoopback({ ...base, port, portHolderHint: 'maybe X' }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(LoginFailure);
      expect((error as LoginFailure).error.code).toBe('port_in_use');
      expect((error as LoginFailure).message).toContain(`Port ${port}`);
      expect((error as LoginFailure).message).toContain('(maybe X)');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
