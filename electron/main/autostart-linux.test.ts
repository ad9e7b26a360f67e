import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autostartEntry,
  autostartPaths,
  isAutostartEnabled,
  setAutostart,
  type AutostartPaths,
} from './autostart-linux.js';

let dir: string;
let paths: AutostartPaths;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'switchyard-autostart-'));
  paths = { configHome: dir, executable: '/opt/Switchyard/switchyard' };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Linux autostart', () => {
  it('turns on by writing a desktop entry and off by removing it', async () => {
    expect(await isAutostartEnabled(paths)).toBe(false);
    await setAutostart(paths, true, 'Switchyard');
    expect(await isAutostartEnabled(paths)).toBe(true);
    const text = await readFile(path.join(dir, 'autostart', 'switchyard.desktop'), 'utf8');
    expect(text).toContain('Exec="/opt/Switchyard/switchyard"\n');
    await setAutostart(paths, false, 'Switchyard');
    expect(await isAutostartEnabled(paths)).toBe(false);
    await setAutostart(paths, false, 'Switchyard');
  });

  it('reads an entry the desktop settings marked hidden as off', async () => {
    await setAutostart(paths, true, 'Switchyard');
    const file = path.join(dir, 'autostart', 'switchyard.desktop');
    await writeFile(file, `${await readFile(file, 'utf8')}Hidden=true\n`);
    expect(await isAutostartEnabled(paths)).toBe(false);
  });

  it('quotes paths with spaces and shell characters', () => {
    expect(autostartEntry('Switchyard', '/home/a b/"x"$y')).toContain(
      'Exec="/home/a b/\\"x\\"\\$y"\n',
    );
  });

  it('starts the AppImage file rather than its temporary mount', () => {
    expect(
      autostartPaths({ APPIMAGE: '/home/u/Apps/Switchyard.AppImage' }, '/tmp/.mount_x/switchyard')
        .executable,
    ).toBe('/home/u/Apps/Switchyard.AppImage');
    const plain = autostartPaths({ XDG_CONFIG_HOME: '/cfg' }, '/usr/bin/switchyard');
    expect(plain).toEqual({ configHome: '/cfg', executable: '/usr/bin/switchyard' });
    expect(autostartPaths({ XDG_CONFIG_HOME: 'relative' }, '/x').configHome).toMatch(/\.config$/);
  });
});
