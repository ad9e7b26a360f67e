/** Preload: hands the dashboard a small frozen object; it never sees ipcRenderer or Node. */
// CommonJS (.cts) because sandboxed preloads run as classic scripts and cannot use `import`;
// the `import = require` form is what verbatimModuleSyntax allows in a CommonJS file.
import electron = require('electron');
import type {
  ManagementEvent,
  ManagementMethod,
  Result,
} from '../../core/shared/contract.js' with { 'resolution-mode': 'import' };

/** The management calls, one channel each; main checks the sender and validates every payload. */
interface ManagementBridge {
  call(method: ManagementMethod, req?: unknown): Promise<Result<unknown>>;
  /** Returns the unsubscribe function. */
  onEvent(listener: (event: ManagementEvent) => void): () => void;
}

interface SwitchyardBridge {
  /** Switchyard's version, from package.json. */
  readonly version: string;
  readonly platform: NodeJS.Platform;
  readonly management: ManagementBridge;
}

// Only `noun.verb` names reach IPC, as `management:<name>`: main registers a handler for each
// contract method alone, so the page can never name another channel, and no list of methods
// has to be repeated in this sandboxed file (which cannot load core's).
const METHOD_NAME = /^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/;
const EVENT_CHANNEL = 'management:event';

const management: ManagementBridge = Object.freeze({
  call(method: ManagementMethod, req?: unknown): Promise<Result<unknown>> {
    // Only contract channels: the page must not be able to name any other IPC channel.
    if (typeof method !== 'string' || !METHOD_NAME.test(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'not_found', message: 'No such management method.' },
      });
    }
    return electron.ipcRenderer.invoke(`management:${method}`, req) as Promise<Result<unknown>>;
  },
  onEvent(listener: (event: ManagementEvent) => void): () => void {
    if (typeof listener !== 'function') return () => undefined;
    // The Electron event object (with `sender`) stays here; the page gets only the payload.
    const forward = (_event: unknown, payload: ManagementEvent): void => listener(payload);
    electron.ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      electron.ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
});

// A sandboxed preload cannot reach `app.getVersion()`; main passes it as a renderer argument
// (webPreferences.additionalArguments), and the sandbox's reduced `process` keeps argv.
const VERSION_FLAG = '--switchyard-version=';
const versionArg = process.argv.find((arg) => arg.startsWith(VERSION_FLAG));

const bridge: SwitchyardBridge = Object.freeze({
  version: versionArg === undefined ? 'unknown' : versionArg.slice(VERSION_FLAG.length),
  platform: process.platform,
  management,
});

electron.contextBridge.exposeInMainWorld('switchyard', bridge);
