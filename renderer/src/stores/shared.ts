/** What every domain store shares: reading a Result, and letting only the newest load write. */
import type { ManagementError, Result } from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';

/** The sentence the user sees for a failed call; codes stay out of the UI. */
export function errorText(error: ManagementError): string {
  return error.code === 'unauthorized' ? strings.errors.unauthorized : error.message;
}

/** A counter for overlapping loads (a manual refresh during a poll): a stale answer is dropped. */
export function newestOnly(): () => () => boolean {
  let latest = 0;
  return () => {
    const ticket = ++latest;
    return () => ticket === latest;
  };
}

export type { Result };

/** A store that shows one list, with an error line and a busy flag for its changes. */
interface ListState {
  error: string | undefined;
  busy: boolean;
}

/**
 * The two steps every list store's changes share: `apply` puts a call's fresh
 * list in place (the newest answer wins over a load still on its way) or hands
 * the failure to `onError`; `change` marks the store busy while a change runs.
 */
export function listUpdates<S extends ListState, K extends keyof S>(
  set: (partial: Partial<S>) => void,
  key: K,
) {
  const ticket = newestOnly();
  const apply = async (
    call: Promise<Result<S[K]>>,
    onError: (message: string, error: ManagementError) => Partial<S>,
  ): Promise<boolean> => {
    const current = ticket();
    const result = await call;
    if (!current()) return result.ok;
    if (result.ok) set({ [key]: result.value, error: undefined } as Partial<S>);
    else set(onError(errorText(result.error), result.error));
    return result.ok;
  };
  const change = async (run: () => Promise<boolean>): Promise<boolean> => {
    set({ busy: true } as Partial<S>);
    try {
      return await run();
    } finally {
      set({ busy: false } as Partial<S>);
    }
  };
  const asError = (message: string): Partial<S> => ({ error: message }) as Partial<S>;
  return { apply, change, asError };
}
