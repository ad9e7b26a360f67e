/**
 * The management client over HTTP, for the dashboard in a browser: `POST
 * /api/<method>` with the management token, and events from `GET /api/events`
 * read as a fetch stream. EventSource is not used because it cannot send an
 * Authorization header, and a token in the URL would land in history and logs.
 * Self-contained (browser globals only) so core's tests can drive it against
 * the real server.
 */
import type {
  ManagementClient,
  ManagementEvent,
  ManagementMethod,
  Result,
} from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';

/** The contract client plus its event feed; `subscribe` returns the unsubscribe function. */
export type ManagementConnection = ManagementClient & {
  subscribe(listener: (event: ManagementEvent) => void): () => void;
};

export type CallManagement = (method: ManagementMethod, req: unknown) => Promise<Result<unknown>>;

/** What a contract method name looks like (`noun.verb`); the server answers not_found for others. */
const METHOD_NAME = /^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/;

/**
 * Builds the typed connection from one untyped call and an event feed. Every
 * `noun.verb` property is a method: the contract's types say which names exist,
 * so no list of them is repeated in the renderer.
 */
export function connectionFrom(
  call: CallManagement,
  subscribe: ManagementConnection['subscribe'],
): ManagementConnection {
  const methods = new Map<string, (req: unknown) => Promise<Result<unknown>>>();
  return new Proxy(Object.freeze({}) as ManagementConnection, {
    get(_target, name) {
      if (name === 'subscribe') return subscribe;
      if (typeof name !== 'string' || !METHOD_NAME.test(name)) return undefined;
      let method = methods.get(name);
      if (method === undefined) {
        method = (req) => call(name as ManagementMethod, req);
        methods.set(name, method);
      }
      return method;
    },
  });
}

function failure(code: 'disconnected' | 'internal', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { ok?: unknown; error?: unknown };
  if (record.ok === true) return 'value' in record;
  if (record.ok !== false || typeof record.error !== 'object' || record.error === null)
    return false;
  const error = record.error as { code?: unknown; message?: unknown };
  return typeof error.code === 'string' && typeof error.message === 'string';
}

function isEvent(value: unknown): value is ManagementEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

export interface HttpClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:4141`. */
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
  /** Reconnect pause after the event stream drops (doubles up to 30 s; default 1 s). */
  retryMs?: number;
  /** Told when the event stream stops for good (a refused token). */
  onEventsStopped?: (reason: string) => void;
}

export function createHttpClient(options: HttpClientOptions): ManagementConnection {
  const base = options.baseUrl.replace(/\/+$/, '');
  const authorization = `Bearer ${options.token}`;

  const call: CallManagement = async (method, req) => {
    let response: Response;
    try {
      response = await options.fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(req ?? {}),
      });
    } catch {
      return failure('disconnected', strings.connection.unreachable);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return failure('internal', strings.connection.noResult(response.status));
    }
    return isResult(body)
      ? body
      : failure('internal', strings.connection.noResult(response.status));
  };

  return connectionFrom(call, (listener: (event: ManagementEvent) => void) =>
    followEvents(base, authorization, options, listener),
  );
}

/** Reads the SSE stream, reconnecting with backoff until unsubscribed or refused. */
function followEvents(
  base: string,
  authorization: string,
  options: HttpClientOptions,
  listener: (event: ManagementEvent) => void,
): () => void {
  const controller = new AbortController();
  const firstRetry = options.retryMs ?? 1000;

  const run = async (): Promise<void> => {
    let retry = firstRetry;
    while (!controller.signal.aborted) {
      try {
        const response = await options.fetch(`${base}/api/events`, {
          headers: { authorization, accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (response.status === 401 || response.status === 403) {
          options.onEventsStopped?.(`refused (${response.status})`);
          await response.body?.cancel();
          return;
        }
        if (response.ok && response.body !== null) {
          retry = firstRetry;
          await readEvents(response.body, listener);
        } else {
          await response.body?.cancel();
        }
      } catch {
        // A dropped connection or a restart of the server: try again after the pause.
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, retry));
      retry = Math.min(retry * 2, 30_000);
    }
  };
  void run();
  return () => controller.abort();
}

async function readEvents(
  body: ReadableStream<Uint8Array>,
  listener: (event: ManagementEvent) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data === '') continue; // comments (keepalives) and empty blocks
      try {
        const parsed: unknown = JSON.parse(data);
        if (isEvent(parsed)) listener(parsed);
      } catch {
        // A malformed event is dropped; the stream goes on.
      }
    }
  }
}
