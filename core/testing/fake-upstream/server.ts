// Starts a scriptable fake of one vendor API on 127.0.0.1, recording every request it receives.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicProtocol } from './anthropic.js';
import { antigravityProtocol } from './antigravity.js';
import { geminiProtocol } from './gemini.js';
import { parseJson, readBody, sendJson } from './http-helpers.js';
import { kiroProtocol } from './kiro.js';
import { openAiChatProtocol } from './openai-chat.js';
import { openAiResponsesProtocol } from './openai-responses.js';
import type { Protocol, ProtocolContext } from './protocol.js';
import { playStep } from './script.js';
import { createSigner } from './signing.js';
import type {
  FakeFormat,
  FakeUpstream,
  FakeUpstreamOptions,
  RecordedRequest,
  Step,
} from './types.js';

const PROTOCOLS: Record<FakeFormat, Protocol> = {
  'openai-chat': openAiChatProtocol,
  'openai-responses': openAiResponsesProtocol,
  anthropic: anthropicProtocol,
  gemini: geminiProtocol,
  kiro: kiroProtocol,
  antigravity: antigravityProtocol,
};

export const DEFAULT_UPSTREAM_KEY = 'test-upstream-key';

export async function startFakeUpstream(options: FakeUpstreamOptions): Promise<FakeUpstream> {
  const protocol = PROTOCOLS[options.format];
  const context: ProtocolContext = {
    signer: createSigner(),
    models: options.models ?? protocol.defaultModels,
    apiKey: options.apiKey ?? DEFAULT_UPSTREAM_KEY,
  };
  const queue: Step[] = [];
  const requests: RecordedRequest[] = [];
  const listeners = new Set<() => void>();
  const sockets = new Set<Socket>();
  const dropped = new WeakSet<ServerResponse>();
  const closing = new AbortController();
  const notify = (): void => listeners.forEach((listener) => listener());

  const record = async (req: IncomingMessage): Promise<RecordedRequest> => {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const parsed = parseJson(rawBody);
    return {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: parsed.ok ? parsed.value : undefined,
      rawBody,
      aborted: false,
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const recorded = await record(req);
    requests.push(recorded);
    res.on('close', () => {
      if (res.writableFinished || dropped.has(res) || closing.signal.aborted) return;
      recorded.aborted = true;
      notify();
    });
    notify();
    const routed = protocol.handle(recorded, context);
    if (routed === undefined) return sendJson(res, protocol.errorReply(404));
    if ('reply' in routed) return sendJson(res, routed.reply);
    const io = {
      signal: closing.signal,
      drop: (target: ServerResponse) => {
        dropped.add(target);
        target.destroy();
      },
    };
    await playStep(queue.shift(), routed.generation, protocol, recorded, res, io);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, protocol.errorReply(500, `fake upstream: ${message}`));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const result = check();
        if (result === undefined) return false;
        listeners.delete(listener);
        clearTimeout(timer);
        resolve(result);
        return true;
      };
      const listener = (): void => void attempt();
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`fake ${options.format} upstream: timed out waiting for ${what}`));
      }, timeoutMs);
      listeners.add(listener);
      attempt();
    });

  return {
    format: options.format,
    baseUrl: `http://127.0.0.1:${port}${protocol.basePath}`,
    requests,
    enqueue: (...steps) => void queue.push(...steps),
    waitForRequests: (n, timeoutMs = 5000) =>
      waitFor(
        () => (requests.length >= n ? requests : undefined),
        timeoutMs,
        `${n} request(s) (got ${requests.length})`,
      ),
    waitForAbort: (index, timeoutMs = 5000) =>
      waitFor(
        () => {
          const target = requests[index ?? requests.length - 1];
          return target?.aborted ? target : undefined;
        },
        timeoutMs,
        `request ${index ?? 'latest'} to be aborted`,
      ),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: async () => {
      closing.abort();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
