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
} from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { listUpdates } from './shared';

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
  return createStore<ProvidersState>()((set) => {
    const { apply, change, asError } = listUpdates<ProvidersState, 'accounts'>(set, 'accounts');
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
