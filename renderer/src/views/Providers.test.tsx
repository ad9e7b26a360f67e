// @vitest-environment happy-dom
/** The Providers view in a DOM: accounts with their controls, and the API-key form's refusal and reset. */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoginView, ProviderKindView, Result } from '../../../core/shared/contract.js';
import { refetchFor } from '../stores';
import { account, fakeConnection, ok } from '../testing/fake-connection';
import { flushDom, mountWithStores, unmountAll } from '../testing/mount';
import { Providers } from './Providers';

const kinds: ProviderKindView[] = [
  {
    id: 'cc',
    displayName: 'Claude Code',
    signIn: true,
    signInMethod: 'browser',
    termsRisk: 'high',
  },
  { id: 'kmc', displayName: 'Kimi Coding', signIn: true, signInMethod: 'device', termsRisk: 'low' },
  { id: 'deepseek', displayName: 'DeepSeek', signIn: false, termsRisk: 'none' },
];

afterEach(unmountAll);

type AddAnswer = Result<never> | Result<ReturnType<typeof account>[]>;

const device: LoginView = {
  id: 'l1',
  kind: 'kmc',
  state: {
    status: 'waiting-device',
    verificationUri: 'https://auth.example/device',
    userCode: 'WDJB-MJHT',
    expiresAt: Date.now() + 600_000,
  },
};

async function renderWith(
  addApiKey: () => AddAnswer | Promise<AddAnswer>,
  accounts = [account('a', { termsRisk: 'high', priority: 1 })],
) {
  const fake = fakeConnection({
    'accounts.list': () => ok(accounts),
    'providers.kinds': () => ok(kinds),
    'accounts.addApiKey': addApiKey,
    'accounts.setEnabled': () => ok([account('a', { enabled: false })]),
    'logins.start': (req) => {
      const { kind } = req as { kind: string };
      return ok(
        kind === 'kmc'
          ? device
          : { id: 'l2', kind, state: { status: 'waiting-browser', url: 'https://auth.example/a' } },
      );
    },
    'logins.cancel': () => ok({ ...device, state: { status: 'cancelled' } }),
  });
  const { stores, view } = await mountWithStores(fake.connection, <Providers />);
  return { fake, view, stores };
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
    expect(view.textContent).toContain('Sign in to Claude Code');
    const toggle = view.querySelector<HTMLInputElement>('input[role="switch"]');
    act(() => toggle?.click());
    await flushDom();
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
    await flushDom();
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
    await flushDom();
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
    await flushDom();
    expect(view.querySelector('[role="status"]')).toBeNull();
    expect(view.querySelector('[role="alert"]')?.textContent).toBe(
      'The provider could not be reached.',
    );
    // The key stays for the second try.
    expect(key.value).toBe('sk-far');
    act(() => saveAnyway()?.click());
    await flushDom();
    expect(fake.calls.filter(([method]) => method === 'accounts.addApiKey')).toEqual([
      ['accounts.addApiKey', { kind: 'deepseek', apiKey: 'sk-far' }],
      ['accounts.addApiKey', { kind: 'deepseek', apiKey: 'sk-far', saveUnchecked: true }],
    ]);
    expect(saveAnyway()).toBeUndefined();
    expect(view.querySelector('[role="alert"]')).toBeNull();
    expect(key.value).toBe('');
  });

  it('signs in with a device code: the code with a copy button, the link, then the account', async () => {
    const { fake, view, stores } = await renderWith(() => ok([]));
    const start = [...view.querySelectorAll('button')].find(
      (button) => button.textContent === 'Sign in to Kimi Coding',
    );
    act(() => start?.click());
    await flushDom();
    expect(fake.calls).toContainEqual(['logins.start', { kind: 'kmc' }]);
    expect(view.querySelector('output')?.textContent).toBe('WDJB-MJHT');
    expect(view.querySelector('button[aria-label="Copy the sign-in code"]')).not.toBeNull();
    const link = view.querySelector<HTMLAnchorElement>('a[href="https://auth.example/device"]');
    expect(link?.target).toBe('_blank');
    expect(link?.rel).toBe('noopener noreferrer');
    expect(view.textContent).toMatch(/The code expires in (9|10)m/);

    await act(() =>
      Promise.all(
        refetchFor(stores, {
          type: 'login',
          login: { ...device, state: { status: 'success', accountId: 'kmc-1', label: 'Kimi' } },
        }),
      ),
    );
    expect(view.textContent).toContain('Signed in as Kimi');
    const done = [...view.querySelectorAll('button')].find((b) => b.textContent === 'Done');
    act(() => done?.click());
    expect(view.textContent).not.toContain('Signed in as Kimi');
    expect(fake.calls.filter(([method]) => method === 'accounts.list').length).toBeGreaterThan(1);
  });

  it('shows a browser login with its link and cancels it; a failure is an alert', async () => {
    const { fake, view, stores } = await renderWith(() => ok([]));
    const start = [...view.querySelectorAll('button')].find(
      (button) => button.textContent === 'Sign in to Claude Code',
    );
    act(() => start?.click());
    await flushDom();
    expect(view.textContent).toContain('Waiting for you to finish in the browser…');
    const link = view.querySelector<HTMLAnchorElement>('a[href="https://auth.example/a"]');
    expect(link?.textContent).toBe('Open sign-in page');
    const cancel = [...view.querySelectorAll('button')].find((b) => b.textContent === 'Cancel');
    act(() => cancel?.click());
    await flushDom();
    expect(fake.calls).toContainEqual(['logins.cancel', { id: 'l2' }]);

    act(() => void stores.providers.getState().startLogin('cc'));
    await flushDom();
    await act(() =>
      stores.providers.getState().loginChanged({
        id: 'l2',
        kind: 'cc',
        state: { status: 'failure', code: 'access_denied', message: 'The sign-in was refused.' },
      }),
    );
    expect(view.querySelector('[role="alert"]')?.textContent).toBe('The sign-in was refused.');
  });

  it('offers "Sign in again" on subscription accounts, prominently when one needs login', async () => {
    const { fake, view } = await renderWith(
      () => ok([]),
      [
        account('cc-1', { kind: 'cc', auth: 'oauth', state: 'needs-login', label: 'ada' }),
        account('cc-2', { kind: 'cc', auth: 'oauth', label: 'bob' }),
        account('ds', { kind: 'deepseek' }),
      ],
    );
    const again = view.querySelector<HTMLButtonElement>(
      'button[aria-label="Sign in to ada again"]',
    );
    expect(again?.className).toBe('button');
    expect(view.querySelector('button[aria-label="Sign in to bob again"]')?.className).toContain(
      'button--quiet',
    );
    expect(
      view.querySelectorAll('button[aria-label^="Sign in to"][aria-label$="again"]'),
    ).toHaveLength(2);
    act(() => again?.click());
    await flushDom();
    expect(fake.calls).toContainEqual(['logins.start', { kind: 'cc', accountId: 'cc-1' }]);
  });
});
