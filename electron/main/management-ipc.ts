/**
 * The management contract over IPC: one `ipcMain.handle` per method channel
 * (`management:<method>`), callable only from our own dashboard window's main
 * frame on our own origin. Payloads go to core as `unknown`; replies are
 * `Result`s, never throws, because Electron carries only an error's message.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { MANAGEMENT_METHODS, type Result } from '../../core/shared/contract.js';
import {
  MANAGEMENT_EVENT_CHANNEL,
  managementChannel,
  type ManagementService,
} from '../../core/shared/management.js';
import { mainStrings } from '../../core/shared/strings/tray.js';

export interface ManagementIpcOptions {
  service: ManagementService;
  /** The web contents of every open dashboard (the popover, the window); they come and go. */
  dashboards(): WebContents[];
  /** The URL the dashboard is loaded from; only frames on its origin may call. */
  appUrl: string;
}

const REFUSED: Result<never> = {
  ok: false,
  error: { code: 'unauthorized', message: mainStrings.ipcRefused },
};

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Registers every method channel and forwards events; returns a function that undoes both. */
export function registerManagementIpc(options: ManagementIpcOptions): () => void {
  const appOrigin = originOf(options.appUrl);

  const open = (): WebContents[] =>
    options.dashboards().filter((contents) => !contents.isDestroyed());

  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const dashboard = open().find((contents) => contents === event.sender);
    if (dashboard === undefined) return false;
    // A subframe (an injected iframe) or a page navigated elsewhere must not reach core.
    const frame = event.senderFrame;
    if (frame === null || frame !== dashboard.mainFrame) return false;
    return appOrigin !== undefined && originOf(frame.url) === appOrigin;
  };

  const channels = MANAGEMENT_METHODS.map((method) => {
    const channel = managementChannel(method);
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Result<unknown>> => {
      if (!trusted(event)) return REFUSED;
      try {
        return await options.service.call(method, payload);
      } catch {
        // The service promises not to throw; this guard keeps that true for the renderer anyway.
        return {
          ok: false,
          error: { code: 'internal', message: mainStrings.ipcInternal },
        };
      }
    });
    return channel;
  });

  const unsubscribe = options.service.subscribe((event) => {
    for (const dashboard of open()) {
      if (originOf(dashboard.getURL()) === appOrigin)
        dashboard.send(MANAGEMENT_EVENT_CHANNEL, event);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
