/** The tray icon for each health state, and that build/tray holds every file it can ask for. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrayHealth } from './tray-health.js';
import {
  TRAY_ICON_STATES,
  trayIconFile,
  trayIconPath,
  trayIconState,
  type TrayIconState,
} from './tray-icon.js';

const TRAY_DIR = path.resolve(import.meta.dirname, '../../build/tray');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('trayIconState', () => {
  it.each<[TrayHealth, TrayIconState]>([
    ['ok', 'ok'],
    ['degraded', 'cooling'],
    ['out', 'out'],
    ['error', 'error'],
    ['starting', 'idle'],
    ['paused', 'idle'],
  ])('shows %s as the %s icon', (health, icon) => {
    expect(trayIconState(health)).toBe(icon);
  });

  it('gives the four health states of the issue four different icons', () => {
    const icons = (['ok', 'degraded', 'out', 'error'] as const).map(trayIconState);
    expect(new Set(icons).size).toBe(4);
  });
});

describe('trayIconFile', () => {
  it('uses template images on macOS only', () => {
    expect(trayIconFile('out', 'darwin')).toBe('tray-outTemplate.png');
    expect(trayIconFile('out', 'win32')).toBe('tray-out.png');
    expect(trayIconFile('out', 'linux')).toBe('tray-out.png');
  });

  it('joins the folder main.ts passes', () => {
    expect(trayIconPath('/app/tray', 'degraded', 'linux')).toBe(
      path.join('/app/tray', 'tray-cooling.png'),
    );
  });

  it.each(['darwin', 'win32', 'linux'] as const)(
    'finds a 16 px icon and its 32 px @2x sibling in build/tray for every state on %s',
    (platform) => {
      for (const state of TRAY_ICON_STATES) {
        const file = path.join(TRAY_DIR, trayIconFile(state, platform));
        const retina = file.replace(/\.png$/, '@2x.png');
        expect(existsSync(file), file).toBe(true);
        expect(pngSize(file)).toEqual({ width: 16, height: 16 });
        expect(pngSize(retina)).toEqual({ width: 32, height: 32 });
      }
    },
  );

  it('has distinct pixels for each state, so a state change is visible', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const looks = new Set(
        (['ok', 'cooling', 'out', 'error'] as const).map((state) =>
          readFileSync(path.join(TRAY_DIR, trayIconFile(state, platform))).toString('base64'),
        ),
      );
      // macOS shows "ok" without a badge, like idle; the other three differ from it and each other.
      expect(looks.size).toBe(4);
    }
  });
});
