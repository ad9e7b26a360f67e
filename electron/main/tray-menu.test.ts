/** The tray menu as the user sees it in each state, and what each item does. */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { trayMenuTemplate, trayTooltip, type TrayState } from './tray-menu.js';

function actions() {
  return { openDashboard: vi.fn(), copyEndpoint: vi.fn(), quit: vi.fn() };
}

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

const running: TrayState = { status: 'running', endpointUrl: 'http://127.0.0.1:4141' };

describe('trayMenuTemplate', () => {
  it('lists status, open, copy, a separator and quit, in that order', () => {
    const template = trayMenuTemplate(running, actions());
    expect(template.map((entry) => entry.id ?? entry.type)).toEqual([
      'status',
      'open-dashboard',
      'copy-endpoint',
      'separator',
      'quit',
    ]);
  });

  it('shows the endpoint URL in a disabled status line while running', () => {
    const status = item(trayMenuTemplate(running, actions()), 'status');
    expect(status.label).toContain('http://127.0.0.1:4141');
    expect(status.enabled).toBe(false);
  });

  it('routes each clickable item to its action', () => {
    const spies = actions();
    const template = trayMenuTemplate(running, spies);
    click(item(template, 'open-dashboard'));
    click(item(template, 'copy-endpoint'));
    click(item(template, 'quit'));
    expect(spies.openDashboard).toHaveBeenCalledOnce();
    expect(spies.copyEndpoint).toHaveBeenCalledOnce();
    expect(spies.quit).toHaveBeenCalledOnce();
  });

  it('disables dashboard and copy until the server runs, but always allows quit', () => {
    for (const state of [
      { status: 'starting' },
      { status: 'failed', reason: 'Port 4141 is in use' },
    ] satisfies TrayState[]) {
      const template = trayMenuTemplate(state, actions());
      expect(item(template, 'open-dashboard').enabled).toBe(false);
      expect(item(template, 'copy-endpoint').enabled).toBe(false);
      expect(item(template, 'quit').enabled).not.toBe(false);
    }
  });

  it('explains a failed start in the status line', () => {
    const template = trayMenuTemplate(
      { status: 'failed', reason: 'Port 4141 is in use' },
      actions(),
    );
    expect(item(template, 'status').label).toContain('Port 4141 is in use');
  });

  it('does not use a role on quit, which would bypass the click handler', () => {
    expect(item(trayMenuTemplate(running, actions()), 'quit').role).toBeUndefined();
  });
});

describe('trayTooltip', () => {
  it('names the endpoint only while running', () => {
    expect(trayTooltip(running)).toContain('http://127.0.0.1:4141');
    expect(trayTooltip({ status: 'starting' })).not.toContain('http');
  });
});
