// Starts a scriptable fake device-authorization server on 127.0.0.1 speaking one dialect.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sendJson } from '../fake-upstream/http-helpers.js';
import { awsRoutes } from './aws.js';
import { githubRoutes } from './github.js';
import { rfc8628Routes } from './rfc8628.js';
import type { FakeDeviceServer, FakeDeviceServerOptions, RecordedOAuthRequest } from './types.js';
import type { FakeReply, FakeState, RouteTable } from './wire.js';

export async function startFakeDeviceServer(
  options: FakeDeviceServerOptions,
): Promise<FakeDeviceServer> {
  const requests: RecordedOAuthRequest[] = [];
  const sockets = new Set<Socket>();
  const state: FakeState = {
    options,
    url: '',
    script: { polls: [...(options.polls ?? [])], renewals: [...(options.renewals ?? [])] },
    issued: { accessTokens: [], refreshTokens: [], copilotTokens: [], clients: [] },
    deviceCodes: new Set(),
    interval: options.interval ?? 5,
    counter: 0,
  };
  const routes: RouteTable =
    options.dialect === 'github'
      ? githubRoutes
      : options.dialect === 'aws'
        ? awsRoutes
        : rfc8628Routes;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const recorded = await record(req);
    requests.push(recorded);
    const route = routes[`${recorded.method} ${recorded.path}`];
    const reply: FakeReply =
      route === undefined ? { status: 404, body: { error: 'not_found' } } : route(recorded, state);
    sendJson(res, reply);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => sendJson(res, { status: 500, body: { error: 'fake_crashed' } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;

  return {
    url: state.url,
    requests,
    script: state.script,
    issued: state.issued,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function record(req: IncomingMessage): Promise<RecordedOAuthRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    headers: req.headers,
    body: parseBody(raw, req.headers['content-type'] ?? ''),
  };
}

function parseBody(raw: string, contentType: string): Record<string, unknown> | undefined {
  if (raw === '') return undefined;
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    const parsed = JSON.parse(raw) as unknown;
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
