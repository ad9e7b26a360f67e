import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ensureDataDir, openDataDir, resolveDataDir } from './data-dir.js';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchyard-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('resolveDataDir', () => {
  it('prefers the flag, then SWITCHYARD_DATA_DIR', () => {
    const env = { SWITCHYARD_DATA_DIR: '/from/env' };
    expect(resolveDataDir({ flag: '/from/flag', env, platform: 'linux', home: '/h' })).toBe(
      '/from/flag',
    );
    expect(resolveDataDir({ env, platform: 'linux', home: '/h' })).toBe('/from/env');
    expect(
      resolveDataDir({
        flag: '',
        env: { SWITCHYARD_DATA_DIR: ' ' },
        platform: 'linux',
        home: '/h',
      }),
    ).toBe('/h/.config/switchyard');
  });

  it('makes a relative flag absolute', () => {
    const dir = resolveDataDir({ flag: 'rel', env: {}, platform: 'linux', home: '/h' });
    expect(dir).toBe(path.resolve('rel'));
  });

  it('uses XDG_CONFIG_HOME on Linux when absolute, else ~/.config', () => {
    expect(
      resolveDataDir({ env: { XDG_CONFIG_HOME: '/x/cfg' }, platform: 'linux', home: '/h' }),
    ).toBe('/x/cfg/switchyard');
    expect(
      resolveDataDir({ env: { XDG_CONFIG_HOME: 'relative' }, platform: 'linux', home: '/h' }),
    ).toBe('/h/.config/switchyard');
    expect(resolveDataDir({ env: {}, platform: 'freebsd', home: '/h' })).toBe(
      '/h/.config/switchyard',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/Switchyard',
    );
  });

  it('uses %APPDATA% on Windows', () => {
    const env = { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' };
    expect(resolveDataDir({ env, platform: 'win32', home: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Switchyard',
    );
    expect(resolveDataDir({ env: {}, platform: 'win32', home: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Switchyard',
    );
  });
});

describe('ensureDataDir', () => {
  it.skipIf(process.platform === 'win32')('creates the dir with mode 0700', async () => {
    const root = await tempDir();
    const dir = await openDataDir({
      env: { XDG_CONFIG_HOME: root },
      platform: 'linux',
      home: root,
    });
    expect(dir).toBe(path.join(root, 'switchyard'));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);

    const loose = path.join(root, 'loose');
    await mkdir(loose, { mode: 0o755 });
    await ensureDataDir(loose);
    expect((await stat(loose)).mode & 0o777).toBe(0o700);
  });
});
