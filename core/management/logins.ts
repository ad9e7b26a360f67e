/**
 * Subscription logins the running server performs for the UI: starts flows,
 * keeps one per kind, reports every step without the tokens, saves the
 * account on success, and forgets finished logins after a while.
 */
import { randomUUID } from 'node:crypto';
import type { LoginOptions } from '../auth/oauth-kinds.js';
import type { LoginFlow, LoginState } from '../auth/types.js';
import type { FinishedLogin, SaveLoginResult } from '../providers/save-login.js';
import type { LoginStateView, LoginView } from '../shared/contract.js';

export interface LoginManagerDeps {
  /** A flow for `kind`, or undefined when it has no login; throws when it cannot start. */
  startFlow(kind: string, options: LoginOptions): LoginFlow | undefined;
  /** Saves a successful login as an account (`saveLogin`). */
  save(login: FinishedLogin): Promise<SaveLoginResult>;
  /** Told of every change of every login. */
  publish(view: LoginView): void;
  /** How long a finished login can still be read (default 10 minutes). */
  keepFinishedMs?: number;
}

export type LoginStart =
  | { ok: true; login: LoginView }
  | { ok: false; code: 'unknown_kind' | 'cannot_start'; message: string };

interface Running {
  view: LoginView;
  flow: LoginFlow;
  /** Set once the login reached a final state (and the account was saved, on success). */
  finished: boolean;
  forget?: ReturnType<typeof setTimeout>;
}

const KEEP_FINISHED_MS = 10 * 60_000;

export class LoginManager {
  private readonly logins = new Map<string, Running>();
  private closed = false;

  constructor(private readonly deps: LoginManagerDeps) {}

  /** Starts a login for `kind` (renewing `accountId` when given); an older one of the kind is cancelled. */
  start(kind: string, accountId?: string): LoginStart {
    if (this.closed) return { ok: false, code: 'cannot_start', message: 'The server is closing.' };
    for (const running of this.logins.values()) {
      if (running.view.kind === kind && !running.finished) running.flow.cancel();
    }
    let flow: LoginFlow | undefined;
    try {
      // The UI shows the sign-in link itself, so nothing is opened here.
      flow = this.deps.startFlow(kind, { openUrl: () => undefined });
    } catch (error) {
      return {
        ok: false,
        code: 'cannot_start',
        message: error instanceof Error ? error.message : String(error),
      };
    }
    if (flow === undefined) {
      return { ok: false, code: 'unknown_kind', message: `No subscription login for "${kind}".` };
    }
    const view: LoginView = {
      id: randomUUID(),
      kind,
      ...(accountId === undefined ? {} : { accountId }),
      state: pendingView(flow.state),
    };
    const running: Running = { view, flow, finished: false };
    this.logins.set(view.id, running);
    flow.onChange((state) => {
      // Final states are reported once the account is saved (see `finish`).
      if (isPending(state)) this.update(running, pendingView(state));
    });
    void flow.done.then((final) => this.finish(running, final));
    return { ok: true, login: view };
  }

  get(id: string): LoginView | undefined {
    return this.logins.get(id)?.view;
  }

  /** Cancels a login still under way; answers its view (undefined for an unknown id). */
  cancel(id: string): LoginView | undefined {
    const running = this.logins.get(id);
    if (running === undefined) return undefined;
    if (!running.finished) {
      running.flow.cancel();
      // Answered as cancelled at once; the flow's own final state says the same.
      if (running.view.state.status !== 'cancelled') {
        this.update(running, { status: 'cancelled' });
      }
    }
    return running.view;
  }

  /** Cancels every login under way (the server is stopping). */
  close(): void {
    this.closed = true;
    for (const running of this.logins.values()) {
      clearTimeout(running.forget);
      if (!running.finished) running.flow.cancel();
    }
    this.logins.clear();
  }

  private async finish(running: Running, final: LoginState): Promise<void> {
    let state: LoginStateView;
    if (final.status === 'success') {
      state = await this.saved(running, final);
    } else if (final.status === 'failure') {
      state = { status: 'failure', code: final.error.code, message: final.error.message };
    } else if (final.status === 'cancelled' || final.status === 'timed_out') {
      state = { status: final.status };
    } else {
      return;
    }
    running.finished = true;
    // A cancel already answered (and reported) as cancelled is not reported twice.
    if (JSON.stringify(running.view.state) !== JSON.stringify(state)) this.update(running, state);
    if (this.closed) return;
    running.forget = setTimeout(
      () => this.logins.delete(running.view.id),
      this.deps.keepFinishedMs ?? KEEP_FINISHED_MS,
    );
    running.forget.unref();
  }

  private async saved(
    running: Running,
    final: Extract<LoginState, { status: 'success' }>,
  ): Promise<LoginStateView> {
    const { kind, accountId } = running.view;
    try {
      const result = await this.deps.save({
        kind,
        tokens: final.tokens,
        account: final.account,
        ...(accountId === undefined ? {} : { id: accountId }),
      });
      if (!result.ok) return { status: 'failure', code: 'save_failed', message: result.message };
      return {
        status: 'success',
        accountId: result.id,
        label: final.account.label,
        ...(final.account.plan === undefined ? {} : { plan: final.account.plan }),
      };
    } catch (error) {
      return {
        status: 'failure',
        code: 'save_failed',
        message: `Signed in, but the account could not be saved: ${
          error instanceof Error ? error.message : String(error)
        }`,
      };
    }
  }

  private update(running: Running, state: LoginStateView): void {
    running.view = { ...running.view, state };
    if (!this.closed) this.deps.publish(running.view);
  }
}

type PendingState = Extract<LoginState, { status: 'starting' | 'waiting' }>;

function isPending(state: LoginState): state is PendingState {
  return state.status === 'starting' || state.status === 'waiting';
}

/** A state still under way as the UI sees it; a final one shows as starting until `finish`. */
function pendingView(state: LoginState): LoginStateView {
  if (state.status !== 'waiting') return { status: 'starting' };
  return state.kind === 'browser'
    ? { status: 'waiting-browser', url: state.url }
    : {
        status: 'waiting-device',
        verificationUri: state.verificationUri,
        userCode: state.userCode,
        expiresAt: state.expiresAt,
      };
}
