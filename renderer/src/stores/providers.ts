/**
 * Accounts for the Providers view: the list, the provider kinds the add form
 * offers, and the changes (add an API key, enable or disable, reorder,
 * remove). A refused add keeps the server's sentence in `addError` for the
 * form; the key itself is never kept here.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AccountView,
  ApiKeyAccountDraft,
  ProviderKindView,
  Result,
} from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { errorText, newestOnly } from './shared';

export interface ProvidersState {
  accounts: AccountView[] | undefined;
  kinds: ProviderKindView[];
  /** A failed load or change (shown above the list). */
  error: string | undefined;
  /** Why the last add was refused (shown in the form). */
  addError: string | undefined;
  /** True while a change is on its way, to disable the controls meanwhile. */
  busy: boolean;
  load(): Promise<void>;
  /** Resolves true when the account was saved. */
  add(draft: ApiKeyAccountDraft): Promise<boolean>;
  setEnabled(accountId: string, enabled: boolean): Promise<boolean>;
  setPriority(accountId: string, priority: number): Promise<boolean>;
  remove(accountId: string): Promise<boolean>;
  clearAddError(): void;
}

export type ProvidersStore = StoreApi<ProvidersState>;

export function createProvidersStore(client: ManagementConnection): ProvidersStore {
  const ticket = newestOnly();
  return createStore<ProvidersState>()((set) => {
    // A change answers with the fresh list; it wins over any load still on its way.
    const apply = async (
      call: Promise<Result<AccountView[]>>,
      onError: (message: string) => Partial<ProvidersState>,
    ): Promise<boolean> => {
      const current = ticket();
      const result = await call;
      if (!current()) return result.ok;
      set(
        result.ok ? { accounts: result.value, error: undefined } : onError(errorText(result.error)),
      );
      return result.ok;
    };
    const change = async (run: () => Promise<boolean>): Promise<boolean> => {
      set({ busy: true });
      try {
        return await run();
      } finally {
        set({ busy: false });
      }
    };
    const asError = (message: string) => ({ error: message });
    return {
      accounts: undefined,
      kinds: [],
      error: undefined,
      addError: undefined,
      busy: false,
      async load() {
        const [, kinds] = await Promise.all([
          apply(client['accounts.list']({}), asError),
          client['providers.kinds']({}),
        ]);
        if (kinds.ok) set({ kinds: kinds.value });
      },
      add: (draft) =>
        change(async () => {
          set({ addError: undefined });
          return apply(client['accounts.addApiKey'](draft), (message) => ({
            addError: message,
          }));
        }),
      setEnabled: (accountId, enabled) =>
        change(() => apply(client['accounts.setEnabled']({ accountId, enabled }), asError)),
      setPriority: (accountId, priority) =>
        change(() => apply(client['accounts.setPriority']({ accountId, priority }), asError)),
      remove: (accountId) => change(() => apply(client['accounts.remove']({ accountId }), asError)),
      clearAddError: () => set({ addError: undefined }),
    };
  });
}
