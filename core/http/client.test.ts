/** The upstream client honours HTTP_PROXY / NO_PROXY against a real local forward proxy. */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUpstreamDispatcher } from './client.js';

let origin: Server;
let proxy: Server;
let tunnels: string[];
let proxiedPlain: string[];

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

beforeEach(async () => {
  tunnels = [];
  proxiedPlain = [];
  origin = createServer((_req, res) => res.end('from origin'));
  proxy = createServer((req, res) => {
    // A forward proxy may also receive absolute-URI requests for plain http.
    proxiedPlain.push(req.url ?? '');
    res.end('from proxy');
  });
  proxy.on('connect', (req, socket, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await Promise.all([listen(origin), listen(proxy)]);
});

afterEach(async () => {
  for (const server of [origin, proxy]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function fetchVia(env: NodeJS.ProcessEnv): Promise<string> {
  const dispatcher = createUpstreamDispatcher({ env });
  try {
    const port = (origin.address() as AddressInfo).port;
    const reply = await request(`http://127.0.0.1:${port}/v1/models`, { dispatcher });
    return await reply.body.text();
  } finally {
    await dispatcher.close();
  }
}

function proxyUrl(): string {
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

describe('createUpstreamDispatcher', () => {
  it('connects directly when no proxy variable is set', async () => {
    expect(await fetchVia({})).toBe('from origin');
    expect(tunnels.length + proxiedPlain.length).toBe(0);
  });

  it('goes through HTTP_PROXY when it is set', async () => {
    const body = await fetchVia({ HTTP_PROXY: proxyUrl() });
    const port = (origin.address() as AddressInfo).port;
    expect(tunnels.length + proxiedPlain.length).toBe(1);
    expect([...tunnels, ...proxiedPlain].join()).toContain(`127.0.0.1:${port}`);
    expect(['from origin', 'from proxy']).toContain(body);
  });

  it('skips the proxy for hosts in NO_PROXY', async () => {
    expect(await fetchVia({ HTTP_PROXY: proxyUrl(), NO_PROXY: '127.0.0.1' })).toBe('from origin');
    expect(tunnels.length + proxiedPlain.length).toBe(0);
  });
});
