/**
 * The HTTP application: security checks first, then router-key auth on the
 * model endpoints, then thin routes, and one error handler that answers in
 * the caller's own wire format.
 */
import express, {
  type NextFunction,
  type Request as ExpressRequest,
  type Response as ExpressResponse,
} from 'express';
import type { InboundCodec, InboundFormat } from '../formats/codec.js';
import { isSwitchyardError, SwitchyardError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { presentedKey } from './auth.js';
import { debugCapture, type DebugRecorder } from './debug-capture.js';
import { formatForPath, isModelPath } from './inbound.js';
import {
  chatCompletions,
  countTokens,
  geminiGenerate,
  messages,
  ollamaChat,
  responses,
  type GenerateDeps,
} from './routes/generate.js';
import { managementRouter, type ManagementRouteDeps } from './routes/management.js';
import { geminiModels, ollamaTags, openaiModels, type ComboListing } from './routes/models.js';
import { isAllowedHost, isAllowedOrigin, isLoopbackAddress } from './security.js';

export interface ServerDeps extends GenerateDeps {
  log: Logger;
  /** Live server settings (they change without a restart). */
  serverSettings(): { requireKeyOnLoopback: boolean; allowedHosts: readonly string[] };
  /** The id of the presented router key, or undefined when it is not valid. */
  verifyRouterKey(key: string): Promise<string | undefined>;
  boundBeyondLoopback: boolean;
  /** Combos to list beside the models (optional). */
  combos?: () => ComboListing;
  /** Mounted at `/`, for the dashboard (optional). */
  dashboard?: express.RequestHandler;
  /** The management API at `/api/<method>` and `/api/events` (optional; needs its token). */
  management?: ManagementRouteDeps;
  /** The debug request log (optional; it decides per request whether it is on). */
  debugLog?: DebugRecorder;
}

export function createApp(deps: ServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  const codecFor = (format: InboundFormat): InboundCodec =>
    format === 'ollama' ? deps.ollama : deps.codecs[format];

  const sendError = (req: ExpressRequest, res: ExpressResponse, error: SwitchyardError): void => {
    const rendered = codecFor(formatForPath(req.path, req.headers)).renderError(error);
    if (error.retryAfterSeconds !== undefined)
      res.setHeader('retry-after', String(error.retryAfterSeconds));
    res.status(rendered.status).json(rendered.body);
  };

  app.use(async (req, res, next) => {
    const settings = deps.serverSettings();
    const policy = {
      allowedHosts: settings.allowedHosts,
      boundBeyondLoopback: deps.boundBeyondLoopback,
    };
    if (!isAllowedHost(req.headers.host, policy)) {
      sendError(
        req,
        res,
        new SwitchyardError(
          'forbidden_host',
          'Requests must address Switchyard by a loopback name (127.0.0.1 or localhost).',
          {
            status: 403,
          },
        ),
      );
      return;
    }
    if (!isAllowedOrigin(req.headers.origin, req.headers.host)) {
      sendError(
        req,
        res,
        new SwitchyardError(
          'forbidden_origin',
          'Browser requests from other web sites are not allowed.',
          {
            status: 403,
          },
        ),
      );
      return;
    }
    if (req.method === 'OPTIONS') {
      // Same-origin requests never preflight; anything else was refused above.
      res.status(204).end();
      return;
    }
    if (isModelPath(req.path)) {
      const url = new URL(req.url, 'http://switchyard.invalid');
      const key = presentedKey(req, url.searchParams);
      const exempt = !settings.requireKeyOnLoopback && isLoopbackAddress(req.socket.remoteAddress);
      const keyId = key === undefined ? undefined : await deps.verifyRouterKey(key);
      // Budgets are per key; an exempt loopback caller that sends none spends unattributed.
      res.locals['routerKeyId'] = keyId;
      if (!exempt && keyId === undefined) {
        sendError(
          req,
          res,
          new SwitchyardError(
            'unauthorized',
            key === undefined
              ? 'A Switchyard API key is required. Create one with `switchyard key create`.'
              : 'The Switchyard API key is not valid (it may have been revoked).',
            { status: 401 },
          ),
        );
        return;
      }
    }
    next();
  });
  if (deps.debugLog !== undefined) app.use(debugCapture(deps.debugLog));

  const providers = (): ReturnType<GenerateDeps['providers']> => deps.providers();
  app.post('/v1/chat/completions', chatCompletions(deps));
  app.post('/v1/responses', responses(deps, 'generate'));
  app.post('/v1/responses/compact', responses(deps, 'compact'));
  app.post('/v1/messages', messages(deps));
  app.post('/v1/messages/count_tokens', countTokens(deps, deps.codecs.anthropic));
  app.post('/v1beta/models/*target', geminiGenerate(deps));
  app.get('/v1/models', openaiModels(providers, deps.combos));
  app.get('/v1beta/models', geminiModels(providers, deps.combos));
  app.post('/api/chat', ollamaChat(deps));
  app.get('/api/tags', ollamaTags(providers, deps.combos));
  // After the Ollama routes, which share the /api prefix; method names never collide with them.
  if (deps.management !== undefined) app.use('/api', managementRouter(deps.management));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (deps.dashboard !== undefined) app.use(deps.dashboard);

  app.use((req: ExpressRequest, res: ExpressResponse) => {
    sendError(
      req,
      res,
      new SwitchyardError('invalid_request', `No route for ${req.method} ${req.path}.`, {
        status: 404,
        kind: 'not_found',
      }),
    );
  });

  app.use((error: unknown, req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    const known = isSwitchyardError(error)
      ? error
      : new SwitchyardError('internal', 'Switchyard hit an internal error.', {
          status: 500,
          cause: error,
        });
    if (!isSwitchyardError(error) || known.status >= 500) {
      deps.log.log(
        known.status >= 500 && !isSwitchyardError(error) ? 'error' : 'warn',
        known.message,
        {
          path: req.path,
          detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
        },
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(req, res, known);
  });

  return app;
}
