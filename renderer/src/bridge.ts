/** Typed access to what the Electron preload exposes; absent when the page runs in a browser. */
import type { ManagementBridge } from './client/ipc';

/** Mirrors electron/preload/preload.cts; the management calls are typed by core/shared/contract. */
export interface SwitchyardBridge {
  readonly version: string;
  readonly platform: string;
  /** Absent with an older preload; the client then falls back to HTTP. */
  readonly management?: ManagementBridge;
}

declare global {
  interface Window {
    readonly switchyard?: SwitchyardBridge;
  }
}

export function desktopBridge(): SwitchyardBridge | undefined {
  return window.switchyard;
}
