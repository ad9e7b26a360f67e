/**
 * Settings' server, budget, quota and data sections, and the router keys.
 * A change answers with the new settings or key list, which replaces the old
 * one. A created key is kept only until the user dismisses it (or leaves the
 * view): the server never sends it again.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  Result,
  RouterKeyView,
  SettingsPatch,
  SettingsView,
} from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { listUpdates } from './shared';

export interface ShownKey {
  id: string;
  name: string;
  key: string;
}

export interface SettingsState {
  settings: SettingsView | undefined;
  keys: RouterKeyView[] | undefined;
  /** The key just created, shown once. */
  shownKey: ShownKey | undefined;
  /** A failed load or settings change. */
  error: string | undefined;
  /** A failed key change (shown with the keys). */
  keyError: string | undefined;
  busy: boolean;
  load(): Promise<void>;
  /** Resolves true when the patch was saved. */
  update(patch: SettingsPatch): Promise<boolean>;
  createKey(name: string): Promise<boolean>;
  revokeKey(id: string): Promise<boolean>;
  /** Forgets the shown key. */
  dismissKey(): void;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(client: ManagementConnection): SettingsStore {
  return createStore<SettingsState>()((set, get) => {
    const settingsList = listUpdates<SettingsState, 'settings'>(set, 'settings');
    const keyList = listUpdates<SettingsState, 'keys'>(set, 'keys');
    const asKeyError = (message: string): Partial<SettingsState> => ({ keyError: message });
    /** Narrows an answer to the part a list keeps. */
    const part = async <T, P>(call: Promise<Result<T>>, pick: (value: T) => P) => {
      const result = await call;
      return result.ok ? { ok: true as const, value: pick(result.value) } : result;
    };
    return {
      settings: undefined,
      keys: undefined,
      shownKey: undefined,
      error: undefined,
      keyError: undefined,
      busy: false,
      async load() {
        await Promise.all([
          settingsList.apply(client['settings.get']({}), settingsList.asError),
          keyList.apply(client['keys.list']({}), asKeyError),
        ]);
      },
      update: (patch) =>
        settingsList.change(() =>
          settingsList.apply(
            part(client['settings.update'](patch), (value) => value.settings),
            settingsList.asError,
          ),
        ),
      createKey: (name) =>
        keyList.change(async () => {
          set({ keyError: undefined, shownKey: undefined });
          const call = client['keys.create']({ name });
          const saved = await keyList.apply(
            part(call, (value) => value.keys),
            asKeyError,
          );
          const result = await call;
          if (saved && result.ok) {
            const { key, created } = result.value;
            set({ shownKey: { id: created.id, name: created.name, key } });
          }
          return saved;
        }),
      revokeKey: (id) =>
        keyList.change(async () => {
          set({ keyError: undefined });
          const revoked = await keyList.apply(client['keys.revoke']({ id }), asKeyError);
          if (revoked && get().shownKey?.id === id) set({ shownKey: undefined });
          // A revoked key's budget went with it.
          if (revoked && get().settings?.budgets.keys[id] !== undefined) void get().load();
          return revoked;
        }),
      dismissKey: () => set({ shownKey: undefined }),
    };
  });
}
