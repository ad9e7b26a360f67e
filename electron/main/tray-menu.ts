/** The tray's context menu as data: a pure function of the shell's state, so tests can read it. */
import type { MenuItemConstructorOptions } from 'electron';
import { mainStrings } from './strings.js';

/** What the tray shows; the controller rebuilds the menu whenever this changes. */
export type TrayState =
  | { status: 'starting' }
  | { status: 'running'; endpointUrl: string }
  | { status: 'failed'; reason: string };

/** The commands a menu item can trigger; the controller supplies the Electron side. */
export interface TrayActions {
  openDashboard(): void;
  copyEndpoint(): void;
  quit(): void;
}

export function trayMenuTemplate(
  state: TrayState,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const running = state.status === 'running';
  return [
    { id: 'status', label: statusLine(state), enabled: false },
    {
      id: 'open-dashboard',
      label: mainStrings.openDashboard,
      enabled: running,
      click: () => actions.openDashboard(),
    },
    {
      id: 'copy-endpoint',
      label: mainStrings.copyEndpoint,
      enabled: running,
      click: () => actions.copyEndpoint(),
    },
    { type: 'separator' },
    // A click handler, not `role: 'quit'` (which would ignore `click`), so that quitting takes
    // the controller's one path, the one that stops core first.
    { id: 'quit', label: mainStrings.quit, click: () => actions.quit() },
  ];
}

export function trayTooltip(state: TrayState): string {
  return state.status === 'running'
    ? mainStrings.tooltipRunning(state.endpointUrl)
    : mainStrings.tooltipStopped;
}

function statusLine(state: TrayState): string {
  switch (state.status) {
    case 'starting':
      return mainStrings.statusStarting;
    case 'running':
      return mainStrings.statusRunning(state.endpointUrl);
    case 'failed':
      return mainStrings.statusFailed(state.reason);
  }
}
