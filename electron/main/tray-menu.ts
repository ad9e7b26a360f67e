/** The tray's context menu as data: a pure function of the shell's state, so tests can read it. */
import type { MenuItemConstructorOptions } from 'electron';
import type { AccountView } from '../../core/shared/contract.js';
import { mainStrings } from '../../core/shared/strings/tray.js';
import { trayHealth, type TrayHealth } from './tray-health.js';

/** What core reported last: routing switches and every account, as the management service sees them. */
export interface TrayView {
  paused: boolean;
  activeCombo?: string;
  combos: readonly string[];
  accounts: readonly AccountView[];
}

/** What the tray shows; the controller rebuilds the menu whenever this changes. */
export type TrayState =
  | { status: 'starting' }
  /** `view` is absent until the first status and account reads come back. */
  | { status: 'running'; endpointUrl: string; view?: TrayView }
  | { status: 'failed'; reason: string };

/** The commands a menu item can trigger; the controller supplies the Electron side. */
export interface TrayActions {
  openDashboard(): void;
  copyEndpoint(): void;
  copyNewKey(): void;
  activateCombo(name: string): void;
  setPaused(paused: boolean): void;
  setLaunchAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface TrayMenuContext {
  /** Epoch ms, for countdowns. */
  now: number;
  /** Whether the app opens at login; undefined where the platform has no such setting (Linux). */
  launchAtLogin: boolean | undefined;
}

export function healthOf(state: TrayState): TrayHealth {
  if (state.status !== 'running') {
    return trayHealth({ core: state.status, paused: false, accounts: [] });
  }
  if (state.view === undefined) return 'starting';
  return trayHealth({ core: 'running', paused: state.view.paused, accounts: state.view.accounts });
}

export function trayMenuTemplate(
  state: TrayState,
  actions: TrayActions,
  context: TrayMenuContext,
): MenuItemConstructorOptions[] {
  const running = state.status === 'running';
  const view = running ? state.view : undefined;
  return [
    { id: 'status', label: statusLine(state), enabled: false },
    ...(view === undefined ? [] : liveSection(view, actions, context.now)),
    { type: 'separator' },
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
    {
      id: 'copy-new-key',
      label: mainStrings.copyNewKey,
      enabled: running,
      click: () => actions.copyNewKey(),
    },
    ...(context.launchAtLogin === undefined
      ? []
      : [
          { type: 'separator' } as const,
          {
            id: 'launch-at-login',
            label: mainStrings.launchAtLogin,
            type: 'checkbox' as const,
            checked: context.launchAtLogin,
            click: () => actions.setLaunchAtLogin(context.launchAtLogin !== true),
          },
        ]),
    { type: 'separator' },
    // A click handler, not `role: 'quit'` (which would ignore `click`), so that quitting takes
    // the controller's one path, the one that stops core first.
    { id: 'quit', label: mainStrings.quit, click: () => actions.quit() },
  ];
}

/** Combos, accounts and the pause switch: shown once core has answered. */
function liveSection(
  view: TrayView,
  actions: TrayActions,
  now: number,
): MenuItemConstructorOptions[] {
  const enabled = view.accounts.filter((account) => account.enabled);
  return [
    { type: 'separator' },
    { id: 'combos-header', label: mainStrings.combosHeader, enabled: false },
    ...(view.combos.length === 0
      ? [{ id: 'no-combos', label: mainStrings.noCombos, enabled: false }]
      : view.combos.map((name): MenuItemConstructorOptions => ({
          id: `combo:${name}`,
          label: name,
          type: 'radio',
          checked: name === view.activeCombo,
          // Activation writes settings; the next request routes through the new combo.
          click: () => {
            if (name !== view.activeCombo) actions.activateCombo(name);
          },
        }))),
    { type: 'separator' },
    { id: 'accounts-header', label: mainStrings.accountsHeader, enabled: false },
    ...(enabled.length === 0
      ? [{ id: 'no-accounts', label: mainStrings.noAccounts, enabled: false }]
      : enabled.map((account): MenuItemConstructorOptions => ({
          id: `account:${account.id}`,
          label: accountLine(account, now),
          enabled: false,
        }))),
    { type: 'separator' },
    {
      id: 'pause',
      label: mainStrings.pauseRouting,
      type: 'checkbox',
      checked: view.paused,
      click: () => actions.setPaused(!view.paused),
    },
  ];
}

/** One account in a line: its state when it is resting, else its busiest quota window. */
export function accountLine(account: AccountView, now: number): string {
  return mainStrings.accountLine(account.id, accountDetail(account, now));
}

function accountDetail(account: AccountView, now: number): string {
  switch (account.state) {
    case 'needs-login':
      return mainStrings.accountNeedsLogin;
    case 'cooling-down':
      return account.until === undefined
        ? mainStrings.accountCooling
        : mainStrings.accountCoolingUntil(mainStrings.clockTime(account.until));
    case 'circuit-open':
      return account.until === undefined
        ? mainStrings.accountCircuitOpen
        : mainStrings.accountCircuitUntil(mainStrings.clockTime(account.until));
    case 'disabled':
    case 'ok':
      break;
  }
  const busiest = busiestWindow(account);
  if (busiest === undefined) return mainStrings.accountReady;
  const share = mainStrings.accountWindow(busiest.label, Math.round(busiest.usedPercent));
  return busiest.resetsAt === undefined || busiest.resetsAt <= now
    ? share
    : `${share} · ${mainStrings.accountResetsIn(busiest.resetsAt - now)}`;
}

function busiestWindow(
  account: AccountView,
): { label: string; usedPercent: number; resetsAt?: number } | undefined {
  let best: { label: string; usedPercent: number; resetsAt?: number } | undefined;
  for (const window of account.quota.windows) {
    if (window.usedPercent === undefined || window.unlimited === true) continue;
    if (best === undefined || window.usedPercent > best.usedPercent) {
      best = {
        label: window.label,
        usedPercent: window.usedPercent,
        ...(window.resetsAt === undefined ? {} : { resetsAt: window.resetsAt }),
      };
    }
  }
  return best;
}

export function trayTooltip(state: TrayState): string {
  switch (state.status) {
    case 'starting':
      return mainStrings.tooltipStarting;
    case 'failed':
      return mainStrings.tooltipStopped;
    case 'running':
      return mainStrings.tooltip(mainStrings.health[healthOf(state)], state.endpointUrl);
  }
}

function statusLine(state: TrayState): string {
  switch (state.status) {
    case 'starting':
      return mainStrings.statusStarting;
    case 'running':
      return state.view === undefined
        ? mainStrings.statusRunning(state.endpointUrl)
        : mainStrings.statusWithHealth(mainStrings.health[healthOf(state)], state.endpointUrl);
    case 'failed':
      return mainStrings.statusFailed(state.reason);
  }
}
