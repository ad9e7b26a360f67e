/** The tray menu as the user sees it in each state, and what each item does. */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../core/shared/contract.js';
import type { QuotaWindow } from '../../core/shared/quota.js';
import { mainStrings } from '../../core/shared/strings/tray.js';
import {
  accountLine,
  healthOf,
  trayMenuTemplate,
  trayTooltip,
  type TrayMenuContext,
  type TrayState,
  type TrayView,
} from './tray-menu.js';

const NOW = Date.UTC(2026, 11, 1, 12);

function actions() {
  return {
    openDashboard: vi.fn(),
    copyEndpoint: vi.fn(),
    copyNewKey: vi.fn(),
    activateCombo: vi.fn(),
    setPaused: vi.fn(),
    setLaunchAtLogin: vi.fn(),
    quit: vi.fn(),
  };
}

const context: TrayMenuContext = { now: NOW, launchAtLogin: false };

function item(template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const found = template.find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no menu item ${id}`);
  return found;
}

function click(entry: MenuItemConstructorOptions): void {
  // The handler ignores its Electron arguments; the casts only satisfy the signature.
  entry.click?.(
    {} as Parameters<NonNullable<MenuItemConstructorOptions['click']>>[0],
    undefined,
    {} as Parameters<NonNullable<MenuItemConstructorOptions['click']>>[2],
  );
}

function window(overrides: Partial<QuotaWindow>): QuotaWindow {
  return {
    id: 'five_hour',
    label: '5-hour',
    kind: 'five_hour',
    source: 'usage-endpoint',
    observedAt: NOW,
    estimated: false,
    ...overrides,
  };
}

function account(id: string, overrides: Partial<AccountView> = {}): AccountView {
  return {
    id,
    prefix: id,
    kind: 'cc',
    displayName: 'Claude Code',
    auth: 'oauth',
    enabled: true,
    state: 'ok',
    termsRisk: 'low',
    quota: { accountId: id, prefix: id, windows: [] },
    ...overrides,
  };
}

const view: TrayView = {
  paused: false,
  activeCombo: 'work',
  combos: ['work', 'cheap'],
  accounts: [
    account('cc-main', {
      quota: {
        accountId: 'cc-main',
        prefix: 'cc',
        windows: [
          window({ usedPercent: 42.2, resetsAt: NOW + 2 * 3_600_000 + 14 * 60_000 }),
          window({ id: 'seven_day', label: 'Weekly', kind: 'weekly', usedPercent: 12 }),
        ],
      },
    }),
    account('ds', { enabled: false, state: 'disabled' }),
  ],
};

const running: TrayState = { status: 'running', endpointUrl: 'http://127.0.0.1:4141', view };

describe('trayMenuTemplate', () => {
  it('lists status, combos, accounts, pause, the commands and quit, in that order', () => {
    const template = trayMenuTemplate(running, actions(), context);
    expect(template.map((entry) => entry.id ?? entry.type)).toEqual([
      'status',
      'separator',
      'combos-header',
      'combo:work',
      'combo:cheap',
      'separator',
      'accounts-header',
      'account:cc-main',
      'separator',
      'pause',
      'separator',
      'open-dashboard',
      'copy-endpoint',
      'copy-new-key',
      'separator',
      'launch-at-login',
      'separator',
      'quit',
    ]);
  });

  it('shows health and the endpoint URL in a disabled status line', () => {
    const status = item(trayMenuTemplate(running, actions(), context), 'status');
    expect(status.label).toBe(`${mainStrings.health.ok} · http://127.0.0.1:4141`);
    expect(status.enabled).toBe(false);
  });

  it('shows combos as radio items with the active one checked, and activates on click', () => {
    const spies = actions();
    const template = trayMenuTemplate(running, spies, context);
    expect(item(template, 'combo:work')).toMatchObject({ type: 'radio', checked: true });
    expect(item(template, 'combo:cheap')).toMatchObject({ type: 'radio', checked: false });
    click(item(template, 'combo:cheap'));
    click(item(template, 'combo:work'));
    expect(spies.activateCombo.mock.calls).toEqual([['cheap']]);
  });

  it('says so when there are no combos or no enabled accounts', () => {
    const empty: TrayState = {
      ...running,
      view: { paused: false, combos: [], accounts: [account('x', { enabled: false })] },
    };
    const ids = trayMenuTemplate(empty, actions(), context).map((entry) => entry.id);
    expect(ids).toContain('no-combos');
    expect(ids).toContain('no-accounts');
    expect(ids).not.toContain('account:x');
  });

  it('lists one disabled line per enabled account', () => {
    const line = item(trayMenuTemplate(running, actions(), context), 'account:cc-main');
    expect(line).toMatchObject({
      enabled: false,
      label: 'cc-main · 5-hour 42% · resets in 2h 14m',
    });
  });

  it('pauses and resumes through a checkbox', () => {
    const spies = actions();
    const pause = item(trayMenuTemplate(running, spies, context), 'pause');
    expect(pause).toMatchObject({ type: 'checkbox', checked: false });
    click(pause);
    const paused: TrayState = { ...running, view: { ...view, paused: true } };
    const resume = item(trayMenuTemplate(paused, spies, context), 'pause');
    expect(resume.checked).toBe(true);
    click(resume);
    expect(spies.setPaused.mock.calls).toEqual([[true], [false]]);
    expect(item(trayMenuTemplate(paused, spies, context), 'status').label).toContain(
      mainStrings.health.paused,
    );
  });

  it('offers launch at login as a checkbox, and hides it where unsupported', () => {
    const spies = actions();
    const on = item(
      trayMenuTemplate(running, spies, { now: NOW, launchAtLogin: true }),
      'launch-at-login',
    );
    expect(on).toMatchObject({ type: 'checkbox', checked: true });
    click(on);
    expect(spies.setLaunchAtLogin).toHaveBeenCalledWith(false);
    const linux = trayMenuTemplate(running, spies, { now: NOW, launchAtLogin: undefined });
    expect(linux.map((entry) => entry.id)).not.toContain('launch-at-login');
  });

  it('routes each clickable command to its action', () => {
    const spies = actions();
    const template = trayMenuTemplate(running, spies, context);
    click(item(template, 'open-dashboard'));
    click(item(template, 'copy-endpoint'));
    click(item(template, 'copy-new-key'));
    click(item(template, 'quit'));
    expect(spies.openDashboard).toHaveBeenCalledOnce();
    expect(spies.copyEndpoint).toHaveBeenCalledOnce();
    expect(spies.copyNewKey).toHaveBeenCalledOnce();
    expect(spies.quit).toHaveBeenCalledOnce();
  });

  it('disables the commands until the server runs, hides the live part, but always allows quit', () => {
    for (const state of [
      { status: 'starting' },
      { status: 'failed', reason: 'Port 4141 is in use' },
    ] satisfies TrayState[]) {
      const template = trayMenuTemplate(state, actions(), context);
      expect(item(template, 'open-dashboard').enabled).toBe(false);
      expect(item(template, 'copy-endpoint').enabled).toBe(false);
      expect(item(template, 'copy-new-key').enabled).toBe(false);
      expect(item(template, 'quit').enabled).not.toBe(false);
      expect(template.map((entry) => entry.id)).not.toContain('pause');
    }
  });

  it('explains a failed start in the status line', () => {
    const template = trayMenuTemplate(
      { status: 'failed', reason: 'Port 4141 is in use' },
      actions(),
      context,
    );
    expect(item(template, 'status').label).toContain('Port 4141 is in use');
  });

  it('does not use a role on quit, which would bypass the click handler', () => {
    expect(item(trayMenuTemplate(running, actions(), context), 'quit').role).toBeUndefined();
  });
});

describe('accountLine', () => {
  it('names the busiest window without a countdown once its reset has passed', () => {
    const spent = account('cx', {
      quota: {
        accountId: 'cx',
        prefix: 'cx',
        windows: [
          window({ usedPercent: 90, resetsAt: NOW - 1 }),
          window({ id: 'x', label: 'Unlimited', usedPercent: 100, unlimited: true }),
        ],
      },
    });
    expect(accountLine(spent, NOW)).toBe('cx · 5-hour 90%');
    expect(accountLine(account('plain'), NOW)).toBe('plain · ready');
  });

  it('states a resting account instead of its quota', () => {
    const until = NOW + 3_600_000;
    const time = mainStrings.clockTime(until);
    expect(accountLine(account('a', { state: 'cooling-down', until }), NOW)).toBe(
      `a · cooling until ${time}`,
    );
    expect(accountLine(account('a', { state: 'circuit-open', until }), NOW)).toBe(
      `a · circuit open until ${time}`,
    );
    expect(accountLine(account('a', { state: 'cooling-down' }), NOW)).toBe('a · cooling down');
    expect(accountLine(account('a', { state: 'needs-login' }), NOW)).toBe('a · needs login');
  });
});

describe('healthOf and trayTooltip', () => {
  it('reads health from the state and says it in words with the endpoint', () => {
    expect(healthOf(running)).toBe('ok');
    expect(healthOf({ status: 'running', endpointUrl: 'x' })).toBe('starting');
    expect(healthOf({ status: 'failed', reason: 'x' })).toBe('error');
    expect(trayTooltip(running)).toBe(
      `Switchyard — ${mainStrings.health.ok}\nhttp://127.0.0.1:4141`,
    );
    const out: TrayState = {
      ...running,
      view: { ...view, accounts: [account('a', { state: 'needs-login' })] },
    };
    expect(trayTooltip(out)).toContain(mainStrings.health.out);
    expect(trayTooltip({ status: 'starting' })).not.toContain('http');
    expect(trayTooltip({ status: 'failed', reason: 'x' })).toBe(mainStrings.tooltipStopped);
  });
});
