/** The management client over the Electron preload bridge (`window.switchyard.management`). */
import type { ManagementEvent, ManagementMethod, Result } from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { connectionFrom, type ManagementConnection } from './http';

/** What the preload exposes (electron/preload/preload.cts). */
export interface ManagementBridge {
  call(method: ManagementMethod, req?: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: ManagementEvent) => void): () => void;
}

export function createIpcClient(bridge: ManagementBridge): ManagementConnection {
  return connectionFrom(
    async (method, req) => {
      try {
        return await bridge.call(method, req);
      } catch {
        // Main answers with Results; a rejection means the bridge itself broke (window closing).
        return {
          ok: false,
          error: { code: 'disconnected', message: strings.connection.appNotAnswering },
        } as const;
      }
    },
    (listener: (event: ManagementEvent) => void) => bridge.onEvent(listener),
  );
}
