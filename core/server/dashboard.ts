/**
 * Serves the built web dashboard (`dist/renderer`) at `/`. The page is
 * static; it reaches core only through the same loopback server, so the
 * Host and Origin checks in front of it protect it too.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';

/** Where `vite build` writes the dashboard, seen from both `core/` (tsx) and `dist/core/`. */
export function findDashboardDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  // From source (core/server) the build is ../../dist/renderer; from the build
  // (dist/core/server) it is ../../renderer. Only a built page has its assets folder,
  // so the source renderer/index.html is never served by mistake.
  const candidates = [resolve(here, '../../dist/renderer'), resolve(here, '../../renderer')];
  return candidates.find(
    (dir) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets')),
  );
}

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Switchyard</title>
<p>Switchyard is running. The dashboard has not been built yet: run <code>npm run build:renderer</code>.</p>`;

function hardenHeaders(res: express.Response): void {
  // The dashboard must never be framed by another site (clickjacking) or content-sniffed.
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}

export function dashboardHandler(dir: string | undefined): RequestHandler {
  const router = express.Router();
  router.use((_req, res, next) => {
    hardenHeaders(res);
    next();
  });
  if (dir === undefined || !existsSync(join(dir, 'index.html'))) {
    router.get('/', (_req, res) => {
      res.type('html').send(NOT_BUILT_PAGE);
    });
    return router;
  }
  router.use(express.static(dir, { index: 'index.html', dotfiles: 'ignore', fallthrough: true }));
  return router;
}
