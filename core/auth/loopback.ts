/**
 * The one-shot HTTP listener a browser login redirects to. It answers the
 * first callback on its path with a small self-contained page, reports what
 * the redirect carried (a code, a denial, a forged state) and then closes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoginError } from './types.js';

export interface LoopbackOptions {
  /** The port to listen on; 0 asks the system for a free one. */
  port: number;
  /** The callback path, e.g. `/callback`. */
  path: string;
  /** The host name written into the redirect URI (the provider may accept only one spelling). */
  redirectHost: 'localhost' | '127.0.0.1';
  /** The `state` the authorize URL carried; any other value on the callback is refused. */
  expectedState: string;
  /** Shown on the page the browser lands on, e.g. `Claude`. */
  providerName: string;
  /** Added to the port-in-use message, e.g. `maybe the Codex CLI`. */
  portHolderHint?: string;
}

export type CallbackOutcome = { ok: true; code: string } | { ok: false; error: LoginError };

export interface LoopbackListener {
  readonly port: number;
  readonly redirectUri: string;
  /** Settles with the first callback that reaches the path. */
  readonly outcome: Promise<CallbackOutcome>;
  /** Stops listening and drops open connections; safe to call more than once. */
  close(): Promise<void>;
}

/** A login that cannot start or continue, carrying the shared error vocabulary. */
export class LoginFailure extends Error {
  constructor(readonly error: LoginError) {
    super(error.message);
    this.name = 'LoginFailure';
  }
}

export async function startLoopback(options: LoopbackOptions): Promise<LoopbackListener> {
  // With an ephemeral port the IPv6 twin may find its number taken; a fresh pick usually fixes it.
  const attempts = options.port === 0 ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await listenOnce(options);
    } catch (error) {
      if (attempt >= attempts || !(error instanceof LoginFailure)) throw error;
      if (error.error.code !== 'port_in_use') throw error;
    }
  }
}

async function listenOnce(options: LoopbackOptions): Promise<LoopbackListener> {
  let settle: (outcome: CallbackOutcome) => void = () => undefined;
  const outcome = new Promise<CallbackOutcome>((resolve) => {
    settle = resolve;
  });
  let settled = false;
  const servers: Server[] = [];
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= Promise.all(servers.map(closeServer)).then(() => undefined);
    return closing;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    if (req.method !== 'GET' || url.pathname !== options.path) {
      sendPage(res, 404, 'Not found', 'This address is not part of the login.');
      return;
    }
    if (settled) {
      sendPage(
        res,
        409,
        'Already finished',
        'This login has already finished. You can close this tab.',
      );
      return;
    }
    settled = true;
    const result = readCallback(url.searchParams, options);
    settle(result);
    const page = result.ok
      ? {
          status: 200,
          // The code exchange still lies ahead, so the page does not claim success yet.
          title: 'Sign-in received',
          text: `Switchyard received your ${options.providerName} sign-in and is finishing it. You can close this tab.`,
        }
      : { status: 400, title: 'Sign-in failed', text: result.error.message };
    sendPage(res, page.status, page.title, page.text, () => void close());
  };

  const primary = createServer(handle);
  servers.push(primary);
  try {
    await listen(primary, options.port, '127.0.0.1');
  } catch (error) {
    throw failureFor(error, options.port, options);
  }
  const port = (primary.address() as AddressInfo).port;
  if (options.redirectHost === 'localhost') {
    // `localhost` may resolve to ::1 first; another program holding [::1]:port would receive the
    // code, so that counts as the port being in use. No IPv6 on the machine is fine.
    const secondary = createServer(handle);
    try {
      await listen(secondary, port, '::1');
      servers.push(secondary);
    } catch (error) {
      if (errorCode(error) === 'EADDRINUSE') {
        await close();
        throw failureFor(error, port, options);
      }
    }
  }
  return {
    port,
    redirectUri: `http://${options.redirectHost}:${port}${options.path}`,
    outcome,
    close,
  };
}

function readCallback(params: URLSearchParams, options: LoopbackOptions): CallbackOutcome {
  // State first: providers echo it on denials too (RFC 6749 §4.1.2.1), and nothing unmatched is trusted.
  if (params.get('state') !== options.expectedState) {
    return fail(
      'state_mismatch',
      'The sign-in reply did not match this login (state mismatch). Start the login again from Switchyard.',
    );
  }
  const error = params.get('error');
  if (error === 'access_denied') {
    return fail(
      'access_denied',
      `Access was denied at ${options.providerName}. Nothing was saved.`,
    );
  }
  if (error !== null) {
    const detail = params.get('error_description');
    return fail(
      'invalid_response',
      `${options.providerName} refused the sign-in: ${error}${detail === null ? '' : ` (${detail})`}.`,
    );
  }
  const code = params.get('code');
  if (code === null || code === '') {
    return fail('invalid_response', `${options.providerName} redirected without a code.`);
  }
  return { ok: true, code };
}

function fail(code: LoginError['code'], message: string): CallbackOutcome {
  return { ok: false, error: { code, message } };
}

function failureFor(error: unknown, port: number, options: LoopbackOptions): LoginFailure {
  if (errorCode(error) === 'EADDRINUSE') {
    const hint = options.portHolderHint === undefined ? '' : ` (${options.portHolderHint})`;
    return new LoginFailure({
      code: 'port_in_use',
      message:
        `Port ${port} is held by another program${hint}. ${options.providerName} login needs it ` +
        'for the browser redirect: close that program and try again.',
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new LoginFailure({
    code: 'network',
    message: `Could not listen on port ${port} for the login redirect: ${reason}`,
  });
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function sendPage(
  res: ServerResponse,
  status: number,
  title: string,
  text: string,
  after?: () => void,
): void {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(title)} · Switchyard</title>` +
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}' +
    'h1{font-size:1.4rem}</style></head>' +
    `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  res.end(html, after);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
