/**
 * The observable half of a login flow: current state, listeners, the `done`
 * promise and cancellation. Flows drive it; UIs watch it.
 */
import type { LoginFlow, LoginState } from './types.js';

export type FinalLoginState = Extract<
  LoginState,
  { status: 'success' | 'failure' | 'cancelled' | 'timed_out' }
>;

export interface LoginFlowController {
  readonly flow: LoginFlow;
  /** Aborted once the flow is cancelled or finished; pass it to every sleep and request. */
  readonly signal: AbortSignal;
  /** Moves to a non-final state; ignored once the flow is final. */
  update(state: LoginState): void;
  /** Moves to a final state and settles `done`; later calls are ignored. */
  finish(state: FinalLoginState): void;
}

export function createLoginFlowController(): LoginFlowController {
  let state: LoginState = { status: 'starting' };
  let final = false;
  const listeners = new Set<(state: LoginState) => void>();
  const aborter = new AbortController();
  let resolveDone: (state: LoginState) => void = () => undefined;
  const done = new Promise<LoginState>((resolve) => {
    resolveDone = resolve;
  });

  const publish = (next: LoginState): void => {
    state = next;
    for (const listener of [...listeners]) {
      try {
        listener(next);
      } catch {
        // A faulty watcher must not stall the login itself.
      }
    }
  };

  const finish = (next: FinalLoginState): void => {
    if (final) return;
    final = true;
    publish(next);
    aborter.abort();
    listeners.clear();
    resolveDone(next);
  };

  const flow: LoginFlow = {
    get state() {
      return state;
    },
    onChange(listener) {
      if (final) return () => undefined;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    done,
    cancel() {
      finish({ status: 'cancelled' });
    },
  };

  return {
    flow,
    signal: aborter.signal,
    update(next) {
      if (!final) publish(next);
    },
    finish,
  };
}
