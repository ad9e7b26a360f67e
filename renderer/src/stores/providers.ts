/**
 * Accounts for the Providers view: the list, the provider kinds the add form
 * offers, and the changes (add an API key, sign in to a subscription, enable
 * or disable, reorder, remove). The server checks a key with its provider
 * before saving it; a refused add keeps the server's sentence in `addError`
 * for the form, and an unreachable provider lets the form offer to save the
 * key unchecked. The key itself is never kept here.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AccountView,
  ApiKeyAccountDraft,
  LoginView,
  ProviderKindView,
} from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { errorText, listUpdates } from './shared';

export interface ProvidersState {
  accounts: AccountView[] | undefined;
  kinds: ProviderKindView[];
  /** A failed load or change (shown above the list). */
  error: string | undefined;
  /** Why the last add was refused (shown in the form). */
  addError: string | undefined;
  /** The last add stopped because the provider could not be reached: offer "Save anyway". */
  addUnreachable: boolean;
  /** True while an add's key is being checked with the provider (and saved). */
  checking: boolean;
  /** True while a change is on its way, to disable the controls meanwhile. */
  busy: boolean;
  load(): Promise<void>;
  /** Resolves true when the account was saved; `saveUnchecked` in the draft is "Save anyway". */
  add(draft: ApiKeyAccountDraft): Promise<boolean>;
  setEnabled(accountId: string, enabled: boolean): Promise<boolean>;
  setPriority(accountId: string, priority: number): Promise<boolean>;
  remove(accountId: string): Promise<boolean>;
  clearAddError(): void;
  /** The subscription login shown (under way or just finished); tokens never reach the UI. */
  login: LoginView | undefined;
  /** Why a login could not start (an unknown kind, a busy port). */
  loginError: string | undefined;
  /** Starts a login (renewing `accountId` when given); one shown at a time, so an older one is cancelled. */
  startLogin(kind: string, accountId?: string): Promise<boolean>;
  cancelLogin(): Promise<void>;
  /** A pushed `login` event; a success reloads the accounts. */
  loginChanged(login: LoginView): Promise<void>;
  /** Asks for the shown login's state: the poll's fallback when the event stream dropped. */
  refreshLogin(): Promise<void>;
  dismissLogin(): void;
}

const FINAL_LOGIN = new Set(['success', 'failure', 'cancelled', 'timed_out']);

export function loginFinished(login: LoginView): boolean {
  return FINAL_LOGIN.has(login.state.status);
}

export type ProvidersStore = StoreApi<ProvidersState>;

export function createProvidersStore(client: ManagementConnection): ProvidersStore {
  return createStore<ProvidersState>()((set, get) => {
    const { apply, change, asError } = listUpdates<ProvidersState, 'accounts'>(set, 'accounts');
    // Events can overtake the answer to `logins.start`: the newest state seen per login.
    const seen = new Map<string, LoginView>();
    const reload = async (): Promise<void> => {
      await apply(client['accounts.list']({}), asError);
    };
    return {
      accounts: undefined,
      kinds: [],
      error: undefined,
      addError: undefined,
      addUnreachable: false,
      checking: false,
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
          set({ addError: undefined, addUnreachable: false, checking: true });
          try {
            return await apply(client['accounts.addApiKey'](draft), (message, error) => ({
              addError: message,
              // `unavailable` is the server's word for a provider it could not reach.
              addUnreachable: error.code === 'unavailable' && draft.saveUnchecked !== true,
            }));
          } finally {
            set({ checking: false });
          }
        }),
      setEnabled: (accountId, enabled) =>
        change(() => apply(client['accounts.setEnabled']({ accountId, enabled }), asError)),
      setPriority: (accountId, priority) =>
        change(() => apply(client['accounts.setPriority']({ accountId, priority }), asError)),
      remove: (accountId) => change(() => apply(client['accounts.remove']({ accountId }), asError)),
      clearAddError: () => set({ addError: undefined, addUnreachable: false }),
      login: undefined,
      loginError: undefined,
      async startLogin(kind, accountId) {
        const previous = get().login;
        if (previous !== undefined && !loginFinished(previous)) {
          await client['logins.cancel']({ id: previous.id });
        }
        seen.clear();
        set({ login: undefined, loginError: undefined });
        const result = await client['logins.start']({
          kind,
          ...(accountId === undefined ? {} : { accountId }),
        });
        if (!result.ok) {
          set({ loginError: errorText(result.error) });
          return false;
        }
        const latest = seen.get(result.value.id) ?? result.value;
        set({ login: latest });
        if (latest.state.status === 'success') await reload();
        return true;
      },
      async cancelLogin() {
        const current = get().login;
        if (current === undefined || loginFinished(current)) return;
        const result = await client['logins.cancel']({ id: current.id });
        if (result.ok && get().login?.id === current.id) set({ login: result.value });
      },
      async loginChanged(login) {
        seen.set(login.id, login);
        const shown = get().login;
        // A login already final was applied once (by an event or a poll); never twice.
        if (shown?.id !== login.id || loginFinished(shown)) return;
        set({ login });
        if (login.state.status === 'success') await reload();
      },
      async refreshLogin() {
        const current = get().login;
        if (current === undefined || loginFinished(current)) return;
        const result = await client['logins.get']({ id: current.id });
        if (result.ok) await get().loginChanged(result.value);
      },
      dismissLogin: () => set({ login: undefined, loginError: undefined }),
    };
  });
}
