/** Accounts with their state and quota windows; clearing a cooldown answers with the new list. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountView, Result } from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { errorText, newestOnly } from './shared';

export interface AccountsState {
  accounts: AccountView[] | undefined;
  error: string | undefined;
  /** The account whose cooldown is being cleared, to disable its button meanwhile. */
  clearing: string | undefined;
  load(): Promise<void>;
  clear(accountId: string): Promise<void>;
}

export type AccountsStore = StoreApi<AccountsState>;

export function createAccountsStore(client: ManagementConnection): AccountsStore {
  const ticket = newestOnly();
  return createStore<AccountsState>()((set) => {
    const apply = async (call: Promise<Result<AccountView[]>>) => {
      const current = ticket();
      const result = await call;
      if (!current()) return;
      set(
        result.ok
          ? { accounts: result.value, error: undefined }
          : { error: errorText(result.error) },
      );
    };
    return {
      accounts: undefined,
      error: undefined,
      clearing: undefined,
      load: () => apply(client['accounts.list']({})),
      async clear(accountId) {
        set({ clearing: accountId });
        try {
          await apply(client['routing.clear']({ accountId }));
        } finally {
          set({ clearing: undefined });
        }
      },
    };
  });
}
