/** Tray controller: owns the Tray object and wires its events; decisions live in pure modules. */
import { Menu, Tray, nativeImage } from 'electron';
import type { Rect } from './popover-bounds.js';
import { trayMenuTemplate, trayTooltip, type TrayActions, type TrayState } from './tray-menu.js';

export interface TrayOptions {
  /** PNG path; on macOS a `…Template.png` so the menu bar tints it for light and dark. */
  iconPath: string;
  platform: NodeJS.Platform;
  actions: TrayActions;
  /** Left click on the icon, with the icon's screen bounds for placing the popover. */
  onActivate(trayBounds: Rect): void;
}

export interface TrayController {
  setState(state: TrayState): void;
  destroy(): void;
}

export function createTray(options: TrayOptions): TrayController {
  const tray = new Tray(nativeImage.createFromPath(options.iconPath));
  let menu = Menu.buildFromTemplate([]);

  // Linux app indicators deliver no click events and show only a context menu set up front,
  // so there the menu is the whole UI; elsewhere left click opens the popover and right click
  // the menu (setContextMenu on macOS would swallow the left click).
  const menuOnly = options.platform === 'linux';
  if (!menuOnly) {
    tray.on('click', (_event, bounds) => options.onActivate(bounds));
    tray.on('right-click', () => tray.popUpContextMenu(menu));
  }

  return {
    setState(state) {
      menu = Menu.buildFromTemplate(trayMenuTemplate(state, options.actions));
      tray.setToolTip(trayTooltip(state));
      if (menuOnly) tray.setContextMenu(menu);
    },
    destroy() {
      tray.destroy();
    },
  };
}
