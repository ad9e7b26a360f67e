/**
 * Combos for the Combos view: the saved list, the models the editor may pick,
 * and the changes (save, remove, activate). A refused save keeps the server's
 * sentence in `saveError` for the form to show inline.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ComboDraft, ComboView } from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { errorText, listUpdates } from './shared';

export interface CombosState {
  combos: ComboView[] | undefined;
  /** `prefix/model` ids and combo names, for the entry picker. */
  models: string[];
  /** A failed load, remove or activate (shown above the list). */
  error: string | undefined;
  /** Why the last save was refused (shown in the form). */
  saveError: string | undefined;
  /** True while a change is on its way, to disable the buttons meanwhile. */
  busy: boolean;
  load(): Promise<void>;
  /** Resolves true when the combo was saved, so the form can close. */
  save(draft: ComboDraft): Promise<boolean>;
  remove(name: string): Promise<boolean>;
  activate(name: string): Promise<void>;
  clearSaveError(): void;
}

export type CombosStore = StoreApi<CombosState>;

export function createCombosStore(client: ManagementConnection): CombosStore {
  return createStore<CombosState>()((set) => {
    const { apply, change, asError } = listUpdates<CombosState, 'combos'>(set, 'combos');
    return {
      combos: undefined,
      models: [],
      error: undefined,
      saveError: undefined,
      busy: false,
      async load() {
        const [, models] = await Promise.all([
          apply(client['combos.list']({}), asError),
          client['models.list']({}),
        ]);
        // The picker still takes typed ids when the list cannot be read.
        if (models.ok) set({ models: models.value });
      },
      save: (draft) =>
        change(async () => {
          set({ saveError: undefined });
          const saved = await apply(client['combos.save'](draft), (message) => ({
            saveError: message,
          }));
          // A new combo is also a new pick for other combos' entries.
          if (saved) {
            const models = await client['models.list']({});
            if (models.ok) set({ models: models.value });
          }
          return saved;
        }),
      remove: (name) => change(() => apply(client['combos.remove']({ name }), asError)),
      activate: (name) =>
        change(async () => {
          const result = await client['combos.activate']({ name });
          if (!result.ok) {
            set({ error: errorText(result.error) });
            return false;
          }
          return apply(client['combos.list']({}), asError);
        }).then(() => undefined),
      clearSaveError: () => set({ saveError: undefined }),
    };
  });
}
