/** Typed access to what the Electron preload exposes; absent when the page runs in a browser. */

/**
 * Mirrors electron/preload/preload.cts. The typed management contract (a later issue) will
 * declare this once in core/shared and both sides will import it.
 */
export interface SwitchyardBridge {
  readonly version: string;
  readonly platform: string;
}

declare global {
  interface Window {
    readonly switchyard?: SwitchyardBridge;
  }
}

export function desktopBridge(): SwitchyardBridge | undefined {
  return window.switchyard;
}
