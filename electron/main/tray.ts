/** Tray controller: owns the Tray object and wires its events; decisions live in pure modules. */
import { Menu, Tray, nativeImage } from 'electron';
import type { Rect } from './popover-bounds.js';
import { trayTitle } from './tray-health.js';
import { trayIconPath } from './tray-icon.js';
import {
  healthOf,
  trayMenuTemplate,
  trayTooltip,
  type TrayActions,
  type TrayState,
} from './tray-menu.js';

export interface TrayOptions {
  /** Folder holding the tray PNGs of every health state (see tray-icon.ts). */
  iconDir: string;
  platform: NodeJS.Platform;
  actions: TrayActions;
  /** Left click on the icon, with the icon's screen bounds for placing the popover. */
  onActivate(trayBounds: Rect): void;
  /** Read at every rebuild; undefined hides the item (no login items on Linux). */
  launchAtLogin(): boolean | undefined;
}

export interface TrayController {
  /** Rebuilds menu, tooltip and title; also call it on a timer so countdowns move. */
  setState(state: TrayState): void;
  destroy(): void;
}

export function createTray(options: TrayOptions): TrayController {
  let iconPath = trayIconPath(options.iconDir, 'starting', options.platform);
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  let menu = Menu.buildFromTemplate([]);
  let menuOpen = false;
  let pending: TrayState | undefined;

  // Linux app indicators deliver no click events and show only a context menu set up front,
  // so there the menu is the whole UI; elsewhere left click opens the popover and right click
  // the menu (setContextMenu on macOS would swallow the left click).
  const menuOnly = options.platform === 'linux';
  if (!menuOnly) {
    tray.on('click', (_event, bounds) => options.onActivate(bounds));
    tray.on('right-click', () => tray.popUpContextMenu(menu));
  }

  const render = (state: TrayState): void => {
    menu = Menu.buildFromTemplate(
      trayMenuTemplate(state, options.actions, {
        now: Date.now(),
        launchAtLogin: options.launchAtLogin(),
      }),
    );
    // Swapping the menu while it is open would close it under the user's pointer (Windows) or
    // drop the update (macOS); an update that arrives then waits until it closes.
    menu.on('menu-will-show', () => {
      menuOpen = true;
    });
    menu.on('menu-will-close', () => {
      menuOpen = false;
      const next = pending;
      pending = undefined;
      // After the click handler of the chosen item has run, not in the middle of closing.
      if (next !== undefined) setImmediate(() => apply(next));
    });
    tray.setToolTip(trayTooltip(state));
    const health = healthOf(state);
    // Renders run on every countdown tick; the image is reloaded only when health changes it.
    const nextIconPath = trayIconPath(options.iconDir, health, options.platform);
    if (nextIconPath !== iconPath) {
      iconPath = nextIconPath;
      tray.setImage(nativeImage.createFromPath(iconPath));
    }
    // Only the macOS menu bar draws a title beside the icon.
    if (options.platform === 'darwin') tray.setTitle(trayTitle(health));
    if (menuOnly) tray.setContextMenu(menu);
  };

  const apply = (state: TrayState): void => {
    if (tray.isDestroyed()) return;
    if (menuOpen) {
      pending = state;
      return;
    }
    render(state);
  };

  return {
    setState: apply,
    destroy() {
      tray.destroy();
    },
  };
}
