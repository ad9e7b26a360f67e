/**
 * The management API for headless mode and the browser dashboard:
 * `POST /api/<method>` answers a contract `Result`, `GET /api/events` streams
 * events as SSE. Every request needs the management token (router keys do
 * not count); app.ts has already applied the loopback Host and Origin checks.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { sameToken } from '../../management/token.js';
import type { ManagementError, ManagementEvent } from '../../shared/contract.js';
import type { ManagementService } from '../../shared/management.js';

export interface ManagementRouteDeps {
  service: ManagementService;
  /** The management token (see management/token.ts); read per request so a rotation applies. */
  token(): Promise<string>;
  /** Pause between SSE keepalive comments (default 15 s). */
  keepAliveMs?: number;
}

const BODY_LIMIT_BYTES = 256 * 1024;

const STATUS_BY_CODE: Record<ManagementError['code'], number> = {
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  unavailable: 503,
  // The UI's client says this when it cannot reach the server, so the server never sends it.
  disconnected: 503,
  internal: 500,
};

function sendFailure(res: Response, code: ManagementError['code'], message: string): void {
  res.status(STATUS_BY_CODE[code]).json({ ok: false, error: { code, message } });
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function managementRouter(deps: ManagementRouteDeps): express.Router {
  const router = express.Router();

  router.use((_req, res, next) => {
    // Answers carry account and usage data: never cache them anywhere.
    res.setHeader('cache-control', 'no-store');
    next();
  });

  router.use(async (req, res, next) => {
    const presented = bearer(req);
    if (presented === undefined) {
      sendFailure(res, 'unauthorized', 'The management token is required (Authorization: Bearer).');
      return;
    }
    let expected: string;
    try {
      expected = await deps.token();
    } catch {
      sendFailure(res, 'unavailable', 'The management token could not be read.');
      return;
    }
    if (!sameToken(presented, expected)) {
      sendFailure(res, 'unauthorized', 'The management token is not valid.');
      return;
    }
    next();
  });

  router.get('/events', (_req, res) => streamEvents(deps, res));

  router.post(
    '/:method',
    // Any content type: a same-origin fetch is already proven by the Origin check and the token.
    express.json({ limit: BODY_LIMIT_BYTES, strict: false, type: () => true }),
    async (req, res) => {
      const method = req.params['method'];
      const result = await deps.service.call(method ?? '', req.body as unknown);
      if (result.ok) res.status(200).json(result);
      else sendFailure(res, result.error.code, result.error.message);
    },
  );

  // Body errors (bad JSON, too large) answer in the contract's shape, not the model formats'.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: unknown } | null)?.status;
    if (status === 413) sendFailure(res, 'invalid_request', 'The request body is too large.');
    else if (status === 400)
      sendFailure(res, 'invalid_request', 'The request body is not valid JSON.');
    else sendFailure(res, 'internal', 'Switchyard hit an internal error.');
  });

  return router;
}

function streamEvents(deps: ManagementRouteDeps, res: Response): void {
  res.status(200);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  res.write(': connected\n\n');

  const send = (event: ManagementEvent): void => {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  const unsubscribe = deps.service.subscribe(send);
  // Comments keep idle proxies and the client's read loop from timing the stream out.
  const keepAlive = setInterval(() => res.write(': keepalive\n\n'), deps.keepAliveMs ?? 15_000);
  keepAlive.unref();

  let closed = false;
  const cleanUp = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    unsubscribe();
  };
  // The response's close is the socket going away (client abort or server shutdown).
  res.on('close', cleanUp);
  res.on('error', cleanUp);
}
