/**
 * Which tray icon file shows a health state. Pure, so tests can check every state maps to a file
 * that scripts/make-icons.mjs draws into build/tray (copied to dist/electron/tray by the build).
 */
import path from 'node:path';
import type { TrayHealth } from './tray-health.js';

/** One icon per distinct look; several health states share the badge-less "idle" icon. */
export type TrayIconState = 'idle' | 'ok' | 'cooling' | 'out' | 'error';

export const TRAY_ICON_STATES: readonly TrayIconState[] = ['idle', 'ok', 'cooling', 'out', 'error'];

export function trayIconState(health: TrayHealth): TrayIconState {
  switch (health) {
    // Nothing is wrong while core starts or the user has paused routing: no badge to alarm.
    case 'starting':
    case 'paused':
      return 'idle';
    case 'ok':
      return 'ok';
    case 'degraded':
      return 'cooling';
    case 'out':
      return 'out';
    case 'error':
      return 'error';
  }
}

/**
 * The 1x file name. macOS only treats a PNG as a template image (tinted for light and dark menu
 * bars) when its name ends in "Template"; Electron picks the @2x sibling on its own.
 */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  return `tray-${state}${platform === 'darwin' ? 'Template' : ''}.png`;
}

export function trayIconPath(dir: string, health: TrayHealth, platform: NodeJS.Platform): string {
  return path.join(dir, trayIconFile(trayIconState(health), platform));
}
