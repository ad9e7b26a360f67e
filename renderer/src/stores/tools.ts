/**
 * Coding tools and their connection to Switchyard, for Settings → Tools:
 * list, preview the change, connect (a new router key goes straight into the
 * tool's own config; only its hint comes back), and undo.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ToolView } from '../../../core/shared/contract.js';
import type { ManagementConnection } from '../client/http';
import { errorText, newestOnly } from './shared';

export interface ToolsState {
  tools: ToolView[] | undefined;
  /** The diff the user is looking at, per tool id. */
  previews: Record<string, string>;
  /** What the last connect said to do next, per tool id. */
  notes: Record<string, string[]>;
  busy: string | undefined;
  error: string | undefined;
  load(): Promise<void>;
  preview(tool: string): Promise<void>;
  connect(tool: string): Promise<void>;
  disconnect(tool: string): Promise<void>;
}

export type ToolsStore = StoreApi<ToolsState>;

export function createToolsStore(client: ManagementConnection): ToolsStore {
  const ticket = newestOnly();
  return createStore<ToolsState>()((set, get) => {
    /** Runs one action on one tool; a failure shows as the store's error. */
    const act = async (tool: string, action: () => Promise<string | undefined>): Promise<void> => {
      set({ busy: tool, error: undefined });
      const failed = await action();
      set({ busy: undefined, ...(failed === undefined ? {} : { error: failed }) });
    };
    return {
      tools: undefined,
      previews: {},
      notes: {},
      busy: undefined,
      error: undefined,
      async load() {
        const current = ticket();
        const result = await client['tools.list']({});
        if (!current()) return;
        set(
          result.ok
            ? { tools: result.value, error: undefined }
            : { error: errorText(result.error) },
        );
      },
      preview: (tool) =>
        act(tool, async () => {
          const result = await client['tools.preview']({ tool });
          if (!result.ok) return errorText(result.error);
          set({ previews: { ...get().previews, [tool]: result.value.diff } });
          return undefined;
        }),
      connect: (tool) =>
        act(tool, async () => {
          const result = await client['tools.connect']({ tool });
          if (!result.ok) return errorText(result.error);
          const { [tool]: _shown, ...previews } = get().previews;
          set({
            tools: result.value.tools,
            previews,
            notes: { ...get().notes, [tool]: result.value.instructions },
          });
          return undefined;
        }),
      disconnect: (tool) =>
        act(tool, async () => {
          const result = await client['tools.disconnect']({ tool });
          if (!result.ok) return errorText(result.error);
          const { [tool]: _note, ...notes } = get().notes;
          set({ tools: result.value, notes });
          return undefined;
        }),
    };
  });
}
