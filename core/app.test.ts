/** The composition root over a real socket: health, the dashboard and its headers. */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDataDir, startSwitchyard, type RunningSwitchyard } from './app.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(dashboardDir?: string): Promise<RunningSwitchyard> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-app-'));
  const running = await startSwitchyard({
    dataDir,
    port: 0,
    log: () => undefined,
    ...(dashboardDir === undefined ? {} : { dashboardDir }),
  });
  cleanups.push(async () => {
    await running.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return running;
}

describe('startSwitchyard', () => {
  it('binds to loopback and answers /health', async () => {
    const running = await start();
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${running.url}/health`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the built dashboard with anti-framing headers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-dash-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Dash</title>');
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const running = await start(dir);

    const page = await fetch(running.dashboardUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Dash</title>');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const asset = await fetch(`${running.url}/assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('says how to build the dashboard when it is missing', async () => {
    const running = await start(join(tmpdir(), 'switchyard-no-such-dashboard'));
    const page = await fetch(running.dashboardUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('npm run build:renderer');
  });
});

describe('defaultDataDir', () => {
  it('is the folder the CLI would use, created for this user only', async () => {
    const base = await mkdtemp(join(tmpdir(), 'switchyard-default-dir-'));
    try {
      const dir = join(base, 'nested', 'data');
      expect(await defaultDataDir({ SWITCHYARD_DATA_DIR: dir })).toBe(dir);
      const info = await stat(dir);
      expect(info.isDirectory()).toBe(true);
      if (process.platform !== 'win32') expect(info.mode & 0o777).toBe(0o700);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
