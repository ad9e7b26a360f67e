// @vitest-environment happy-dom
/** Settings' key and budget sections in a DOM: the last-key warning, a key shown once, budget patches. */
import { act, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouterKeyView, SettingsView } from '../../../../core/shared/contract.js';
import { fakeConnection, ok } from '../../testing/fake-connection';
import { flushDom, mountWithStores, unmountAll } from '../../testing/mount';
import { KeysSection } from './KeysSection';
import { BudgetsSection } from './LimitsSections';

let container: HTMLDivElement;
let rerender: (node: ReactNode) => void;
afterEach(unmountAll);

function settings(extra: Partial<SettingsView> = {}): SettingsView {
  return {
    host: '127.0.0.1',
    port: 20128,
    listeningPort: 20128,
    requireKeyOnLoopback: true,
    dataDir: { path: '/data', flag: '--data-dir', env: 'SWITCHYARD_DATA_DIR' },
    budgets: { providers: { gone: { monthlyUsd: 9 } }, keys: {} },
    prefixes: ['oa'],
    alertThresholds: [80, 95],
    nearLimitPercent: 80,
    retentionDays: 400,
    debugLog: false,
    ...extra,
  };
}

const onlyKey: RouterKeyView = {
  id: 'rk_1',
  name: 'laptop',
  hint: 'wxyz',
  createdAt: '2026-01-01T00:00:00.000Z',
};

async function render(node: ReactNode, view: SettingsView) {
  const fake = fakeConnection({
    'settings.get': () => ok(view),
    'keys.list': () => ok([onlyKey]),
    'keys.create': () => ok({ key: 'sy-shown-once', created: onlyKey, keys: [onlyKey] }),
    'settings.update': () => ok({ settings: view, restartNeeded: false }),
  });
  const mounted = await mountWithStores(fake.connection, node, (stores) =>
    stores.settings.getState().load(),
  );
  container = mounted.view;
  rerender = mounted.rerender;
  return { fake, stores: mounted.stores };
}

function button(name: string): HTMLButtonElement {
  const found = [...container.querySelectorAll('button')].find(
    (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent) === name,
  );
  if (found === undefined) throw new Error(`no button ${name}`);
  return found;
}

function type(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  act(() => {
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function input(label: string): HTMLInputElement {
  const found = container.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`);
  if (found === null) throw new Error(`no input ${label}`);
  return found;
}

describe('Settings → Router keys', () => {
  it('warns before the last key goes while keys are required, and still lets it go', async () => {
    const { fake } = await render(<KeysSection />, settings());
    act(() => button('Revoke key laptop').click());
    expect(container.textContent).toContain('every tool will be refused');
    expect(document.activeElement?.textContent).toBe('Cancel');
    expect(fake.calls.some(([method]) => method === 'keys.revoke')).toBe(false);
  });

  it('asks without the warning when this computer needs no key', async () => {
    await render(<KeysSection />, settings({ requireKeyOnLoopback: false }));
    act(() => button('Revoke key laptop').click());
    expect(container.textContent).toContain('refused from their next request');
    expect(container.textContent).not.toContain('every tool will be refused');
  });

  it('forgets a shown key when the section goes away', async () => {
    const { stores } = await render(<KeysSection />, settings());
    const name = container.querySelector<HTMLInputElement>('input[type="text"]');
    if (name === null) throw new Error('no name field');
    type(name, 'laptop');
    act(() => container.querySelector('form')?.requestSubmit());
    await flushDom();
    expect(container.textContent).toContain('sy-shown-once');
    rerender(null);
    expect(stores.settings.getState().shownKey).toBeUndefined();
  });
});

describe('Settings → Budgets', () => {
  it('saves limits per prefix and clears emptied ones, refusing bad amounts first', async () => {
    const { fake } = await render(<BudgetsSection />, settings());
    expect(input('Monthly USD for gone').value).toBe('9');
    type(input('Daily USD for oa'), '-3');
    act(() => container.querySelector('form')?.requestSubmit());
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'Limits for oa must be positive amounts.',
    );
    expect(fake.calls.some(([method]) => method === 'settings.update')).toBe(false);

    type(input('Daily USD for oa'), '2.5');
    type(input('Monthly USD for gone'), '');
    act(() => container.querySelector('form')?.requestSubmit());
    await flushDom();
    expect(fake.calls).toContainEqual([
      'settings.update',
      { budgets: { providers: { gone: null, oa: { dailyUsd: 2.5 } } } },
    ]);
  });
});
