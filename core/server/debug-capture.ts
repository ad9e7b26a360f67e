/**
 * The server side of the debug request log: when it is on, each model request
 * (`/v1…`, `/v1beta…`) is handed to the log once its response is done. When
 * it is off this costs one boolean check per request.
 */
import type { RequestHandler } from 'express';
import type { DebugRequest } from '../management/debug-log.js';
import { tapRequestBody } from './body-tap.js';

export interface DebugRecorder {
  enabled(): boolean;
  record(request: DebugRequest): void;
}

function isLoggedPath(path: string): boolean {
  return (
    path === '/v1' || path.startsWith('/v1/') || path === '/v1beta' || path.startsWith('/v1beta/')
  );
}

export function debugCapture(recorder: DebugRecorder): RequestHandler {
  return (req, res, next) => {
    if (!recorder.enabled() || !isLoggedPath(req.path)) {
      next();
      return;
    }
    const at = Date.now();
    let body: readonly Buffer[] | undefined;
    tapRequestBody(req, (chunks) => {
      body = chunks;
    });
    res.once('close', () => {
      const id = res.getHeader('x-switchyard-request-id');
      recorder.record({
        requestId: typeof id === 'string' ? id : undefined,
        at,
        method: req.method,
        url: req.originalUrl,
        headers: req.headers,
        body,
        status: res.statusCode,
      });
    });
    next();
  };
}
