// @vitest-environment happy-dom
/** The Providers view in a DOM: accounts with their controls, and the API-key form's refusal and reset. */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderKindView, Result } from '../../../core/shared/contract.js';
import { createStores } from '../stores';
import { createStatusStore } from '../stores/status';
import { account, fakeConnection, ok } from '../testing/fake-connection';
import { StoresContext } from './context';
import { Providers } from './Providers';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const kinds: ProviderKindView[] = [
  { id: 'cc', displayName: 'Claude Code', signIn: true, termsRisk: 'high' },
  { id: 'deepseek', displayName: 'DeepSeek', signIn: false, termsRisk: 'none' },
];

let container: HTMLDivElement;
afterEach(() => container.remove());

function flush(): Promise<void> {
  return act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

type AddAnswer = Result<never> | Result<ReturnType<typeof account>[]>;

async function renderWith(addApiKey: () => AddAnswer | Promise<AddAnswer>) {
  const fake = fakeConnection({
    'accounts.list': () => ok([account('a', { termsRisk: 'high', priority: 1 })]),
    'providers.kinds': () => ok(kinds),
    'accounts.addApiKey': addApiKey,
    'accounts.setEnabled': () => ok([account('a', { enabled: false })]),
  });
  const stores = {
    ...createStores(fake.connection, () => 0),
    health: createStatusStore({
      endpoint: 'http://x',
      fetch: () => Promise.reject(new Error('offline')),
      now: () => 0,
    }),
  };
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <StoresContext.Provider value={stores}>
        <Providers />
      </StoresContext.Provider>,
    ),
  );
  await flush();
  return { fake, view: container };
}

function type(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  act(() => {
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('Providers view', () => {
  it('lists accounts with risk, a switch and priority, and offers only API-key kinds', async () => {
    const { fake, view } = await renderWith(() => ok([]));
    expect(view.textContent).toContain('Terms risk: high');
    const priority = view.querySelector<HTMLInputElement>('input[type="number"]');
    expect(priority?.value).toBe('1');
    const options = [...view.querySelectorAll('option')].map((option) => option.value);
    expect(options).toEqual(['deepseek']);
    expect(view.textContent).toContain('switchyard login cc');
    const toggle = view.querySelector<HTMLInputElement>('input[role="switch"]');
    act(() => toggle?.click());
    await flush();
    expect(fake.calls).toContainEqual(['accounts.setEnabled', { accountId: 'a', enabled: false }]);
  });

  it('shows a refusal inline and clears the key field', async () => {
    const { fake, view } = await renderWith(() => ({
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'The provider refused this key: Authentication Fails. Nothing was saved.',
      },
    }));
    const key = view.querySelector<HTMLInputElement>('input[type="password"]');
    if (key === null) throw new Error('no key field');
    type(key, 'sk-bad');
    const form = view.querySelector('form');
    act(() => form?.requestSubmit());
    await flush();
    expect(fake.calls).toContainEqual([
      'accounts.addApiKey',
      { kind: 'deepseek', apiKey: 'sk-bad' },
    ]);
    expect(view.querySelector('[role="alert"]')?.textContent).toBe(
      'The provider refused this key: Authentication Fails. Nothing was saved.',
    );
    expect(key.value).toBe('');
  });

  it('says it is checking the key, then offers "Save anyway" when the provider is unreachable', async () => {
    let answer: (result: Result<never>) => void = () => undefined;
    const answers: (() => AddAnswer | Promise<AddAnswer>)[] = [
      () => new Promise((resolve) => (answer = resolve)),
      () => ok([account('a'), account('deepseek')]),
    ];
    const { fake, view } = await renderWith(() => answers.shift()?.() ?? ok([]));
    const key = view.querySelector<HTMLInputElement>('input[type="password"]');
    if (key === null) throw new Error('no key field');
    type(key, 'sk-far');
    act(() => view.querySelector('form')?.requestSubmit());
    await flush();
    expect(view.querySelector('[role="status"]')?.textContent).toBe('Checking the key…');
    const saveAnyway = () =>
      [...view.querySelectorAll('button')].find((button) => button.textContent === 'Save anyway');
    expect(saveAnyway()).toBeUndefined();

    await act(async () => {
      answer({
        ok: false,
        error: { code: 'unavailable', message: 'The provider could not be reached.' },
      });
      await Promise.resolve();
    });
    await flush();
    expect(view.querySelector('[role="status"]')).toBeNull();
    expect(view.querySelector('[role="alert"]')?.textContent).toBe(
      'The provider could not be reached.',
    );
    // The key stays for the second try.
    expect(key.value).toBe('sk-far');
    act(() => saveAnyway()?.click());
    await flush();
    expect(fake.calls.filter(([method]) => method === 'accounts.addApiKey')).toEqual([
      ['accounts.addApiKey', { kind: 'deepseek', apiKey: 'sk-far' }],
      ['accounts.addApiKey', { kind: 'deepseek', apiKey: 'sk-far', saveUnchecked: true }],
    ]);
    expect(saveAnyway()).toBeUndefined();
    expect(view.querySelector('[role="alert"]')).toBeNull();
    expect(key.value).toBe('');
  });
});
