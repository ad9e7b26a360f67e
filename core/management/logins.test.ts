/** The login manager over hand-driven flows: what it reports, saves and forgets. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLoginFlowController, type LoginFlowController } from '../auth/flow-state.js';
import type { FinishedLogin, SaveLoginResult } from '../providers/save-login.js';
import type { LoginView } from '../shared/contract.js';
import { LoginManager } from './logins.js';

const tokens = { accessToken: 'at-secret', refreshToken: 'rt-secret' };

function setup(save: (login: FinishedLogin) => Promise<SaveLoginResult>) {
  const controllers: LoginFlowController[] = [];
  const published: LoginView[] = [];
  const manager = new LoginManager({
    startFlow: (kind) => {
      if (kind === 'broken') throw new Error('no client id configured');
      if (kind !== 'cc') return undefined;
      const controller = createLoginFlowController();
      controllers.push(controller);
      return controller.flow;
    },
    save,
    publish: (view) => published.push(view),
    keepFinishedMs: 60_000,
  });
  return { manager, controllers, published };
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => vi.useRealTimers());

describe('LoginManager', () => {
  it('reports success only once the account is saved, and never the tokens', async () => {
    let saved: FinishedLogin | undefined;
    const { manager, controllers, published } = setup((login) => {
      saved = login;
      return Promise.resolve({ ok: true, id: 'cc-2' });
    });
    const started = manager.start('cc', 'cc-2');
    expect(started).toMatchObject({ ok: true, login: { kind: 'cc', accountId: 'cc-2' } });
    const flow = controllers[0];
    flow?.update({ status: 'waiting', kind: 'browser', url: 'https://auth.example/a' });
    flow?.finish({ status: 'success', tokens, account: { label: 'ada', plan: 'max' } });
    expect(published.map((view) => view.state.status)).toEqual(['waiting-browser']);
    await settle();
    expect(saved).toEqual({
      kind: 'cc',
      id: 'cc-2',
      tokens,
      account: { label: 'ada', plan: 'max' },
    });
    expect(published.at(-1)?.state).toEqual({
      status: 'success',
      accountId: 'cc-2',
      label: 'ada',
      plan: 'max',
    });
    expect(JSON.stringify(published)).not.toContain('secret');
  });

  it('reports a save that failed as save_failed', async () => {
    const { manager, controllers, published } = setup(() => Promise.reject(new Error('disk full')));
    manager.start('cc');
    controllers[0]?.finish({ status: 'success', tokens, account: { label: 'ada' } });
    await settle();
    expect(published.at(-1)?.state).toMatchObject({ status: 'failure', code: 'save_failed' });
    expect(published.at(-1)?.state).toHaveProperty('message', expect.stringContaining('disk full'));
  });

  it('answers kinds without a login and flows that cannot start as typed refusals', () => {
    const { manager } = setup(() => Promise.resolve({ ok: true, id: 'x' }));
    expect(manager.start('deepseek')).toMatchObject({ ok: false, code: 'unknown_kind' });
    expect(manager.start('broken')).toEqual({
      ok: false,
      code: 'cannot_start',
      message: 'no client id configured',
    });
  });

  it('cancels at once, reports it once, and forgets finished logins after a while', async () => {
    vi.useFakeTimers();
    const { manager, published } = setup(() => Promise.resolve({ ok: true, id: 'x' }));
    const started = manager.start('cc');
    if (!started.ok) throw new Error('did not start');
    const { id } = started.login;
    expect(manager.cancel(id)?.state).toEqual({ status: 'cancelled' });
    await vi.advanceTimersByTimeAsync(0);
    expect(published.map((view) => view.state.status)).toEqual(['cancelled']);
    expect(manager.get(id)?.state.status).toBe('cancelled');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(manager.get(id)).toBeUndefined();
    expect(manager.cancel(id)).toBeUndefined();
  });

  it('refuses new logins once closed', () => {
    const { manager, controllers } = setup(() => Promise.resolve({ ok: true, id: 'x' }));
    manager.start('cc');
    manager.close();
    expect(controllers[0]?.flow.state.status).toBe('cancelled');
    expect(manager.start('cc')).toMatchObject({ ok: false, code: 'cannot_start' });
  });
});
