/** Window factory: every window Switchyard opens is locked down the same way. */
import { BrowserWindow, shell } from 'electron';
import type { Rect } from './popover-bounds.js';
import { hidesOnBlur } from './popover-policy.js';

/**
 * `popover`: frameless, fixed-size, off the taskbar and on top, placed under the tray icon and
 * hidden when it loses focus. `window`: an ordinary framed, resizable window the user places.
 */
export type DashboardWindowKind = 'popover' | 'window';

export interface DashboardWindowOptions {
  kind: DashboardWindowKind;
  /** The page to load: core's dashboard URL on 127.0.0.1. */
  url: string;
  /** Absolute path of the compiled preload script (CommonJS, see preload.cts). */
  preloadPath: string;
  bounds: Rect;
  title: string;
  /** Shown by the dashboard; reaches the sandboxed preload as a command-line switch. */
  appVersion: string;
  /** Called after a blur hid the popover (the tray click guard needs the time). */
  onBlurHide?(): void;
  /** The user moved or resized the window (never the popover, which the tray places). */
  onBoundsChange?(bounds: Rect): void;
}

/** Frame and behaviour per kind; everything else about the two windows is the same. */
export function windowChrome(kind: DashboardWindowKind) {
  return kind === 'popover'
    ? {
        frame: false,
        resizable: false,
        movable: false,
        minimizable: false,
        maximizable: false,
        fullscreenable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
      }
    : { frame: true, resizable: true, minWidth: 320, minHeight: 400 };
}

/**
 * The same policy as renderer/index.html's meta tag, also sent as a header so a page that
 * lost its meta tag (the "not built" page, a future route) is still locked down.
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type ResponseHeaders = Record<string, string[]>;

/** Replaces any CSP the response carries with ours (header names are case-insensitive). */
export function withCsp(headers: ResponseHeaders | undefined): ResponseHeaders {
  const out: ResponseHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [DASHBOARD_CSP];
  return out;
}

/**
 * Sandboxed, context-isolated and without Node: the dashboard is a web page served by core,
 * and it reaches the main process only through what the preload exposes.
 */
export const secureWebPreferences = {
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function createDashboardWindow(options: DashboardWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...options.bounds,
    ...windowChrome(options.kind),
    title: options.title,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      ...secureWebPreferences,
      preload: options.preloadPath,
      additionalArguments: [`--switchyard-version=${options.appVersion}`],
    },
  });
  lockDown(win, options.url);
  win.on('blur', () => {
    if (win.isDestroyed() || !win.isVisible()) return;
    const devToolsOpened = win.webContents.isDevToolsOpened();
    if (!hidesOnBlur({ pinned: options.kind === 'window', devToolsOpened })) return;
    win.hide();
    options.onBlurHide?.();
  });
  if (options.kind === 'window') {
    const boundsChanged = (): void => {
      if (!win.isDestroyed()) options.onBoundsChange?.(win.getBounds());
    };
    win.on('resize', boundsChanged);
    win.on('move', boundsChanged);
  }
  win.once('ready-to-show', () => win.show());
  // A refused connection rejects; the window stays up showing Chromium's error page, which is
  // more useful to the user than an unhandled rejection in main.
  win.loadURL(options.url).catch((error: unknown) => {
    console.error(`Could not load ${options.url}:`, error);
  });
  return win;
}

/** Web pages a dashboard link may hand to the system browser (a sign-in page, say). */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The dashboard never needs another page: a link or script that tries to navigate or open a
 * window is either a bug or content that should not run with the preload's API. A web link
 * opened in a new tab (a subscription's sign-in page) goes to the system browser instead.
 */
export function lockDown(win: BrowserWindow, appUrl: string): void {
  const contents = win.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      shell.openExternal(url).catch((error: unknown) => {
        console.error('Could not open the system browser:', error);
      });
    }
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The dashboard's Copy buttons write the clipboard; camera, notifications, clipboard-read
  // and every other permission stay refused.
  contents.session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  // Only responses from core's own origin: the filter keeps this off any other request.
  const origin = new URL(appUrl).origin;
  contents.session.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
}
