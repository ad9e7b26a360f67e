/** Electron composition root: one instance, core hosted in-process, a tray and the dashboard. */
import path from 'node:path';
import { app, clipboard, Notification, safeStorage, screen, type BrowserWindow } from 'electron';
// Compiled with rootDir at the repo root (see electron/tsconfig.build.json), so at runtime this
// is dist/electron/main/main.js importing dist/core/app.js.
import { defaultDataDir, startSwitchyard, type RunningSwitchyard } from '../../core/app.js';
import type { AccountView, StatusView } from '../../core/shared/contract.js';
import { mainStrings } from '../../core/shared/strings/tray.js';
import { alertNotification, type NotificationText } from './alert-notification.js';
import { autostartPaths, isAutostartEnabled, setAutostart } from './autostart-linux.js';
import { registerManagementIpc } from './management-ipc.js';
import { popoverBounds, type Rect } from './popover-bounds.js';
import { trayClickAction } from './popover-policy.js';
import { openShellPrefs, reopenBounds, type ShellPrefs } from './shell-prefs.js';
import type { TrayState, TrayView } from './tray-menu.js';
import { createTray, type TrayController } from './tray.js';
import { createDashboardWindow } from './windows.js';

const POPOVER_SIZE = { width: 380, height: 600 };
/** The framed window opens wider, so the views use their full-window layout. */
const WINDOW_SIZE = { width: 960, height: 720 };
/** Countdowns in the menu ("resets in 2h 14m") move on this beat even without events. */
const TRAY_REFRESH_MS = 30_000;
/** Bursts of events (a settings write publishes several) become one read of core. */
const TRAY_EVENT_DEBOUNCE_MS = 200;
/** A drag fires move events continuously; the place is written once the window settles. */
const SAVE_BOUNDS_DEBOUNCE_MS = 500;

// Paths are relative to the compiled file, dist/electron/main/main.js; build:electron copies
// build/tray/*.png to dist/electron/tray so dev runs and packaged apps find them the same way.
const preloadPath = path.join(import.meta.dirname, '../preload/preload.cjs');
const trayIconDir = path.join(import.meta.dirname, '../tray');

let core: Promise<RunningSwitchyard> | undefined;
let coreStopped = false;
let dashboardUrl: string | undefined;
let tray: TrayController | undefined;
/** The frameless popover under the tray icon. */
let popover: BrowserWindow | undefined;
/** The framed dashboard window (tray menu, second launch, a notification click). */
let dashboardWindow: BrowserWindow | undefined;
let state: TrayState = { status: 'starting' };
let disposeIpc: (() => void) | undefined;
let running: RunningSwitchyard | undefined;
let stopLiveTray: (() => void) | undefined;
let hiddenByBlurAt: number | undefined;
let prefs: ShellPrefs | undefined;
const linuxAutostart = autostartPaths(process.env, process.execPath);
let linuxAutostartOn: boolean | undefined;
let saveBoundsTimer: NodeJS.Timeout | undefined;

if (setupSingleInstance()) {
  setupLifecycle();
  app
    .whenReady()
    .then(() => {
      prefs = openShellPrefs();
      setupTray();
      if (process.platform === 'linux') {
        void isAutostartEnabled(linuxAutostart).then((on) => {
          linuxAutostartOn = on;
          tray?.setState(state);
        });
      }
      startCore();
    })
    .catch((error: unknown) => {
      console.error('Switchyard failed to start:', error);
      app.exit(1);
    });
}

/**
 * A second launch (a desktop shortcut, `open -a`) should surface the running app rather than
 * start a second core on the same port. Returns false in the process that must step aside.
 */
function setupSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => showDashboard());
  return true;
}

function setupLifecycle(): void {
  // A tray app keeps serving with no window open; subscribing stops Electron's default quit.
  app.on('window-all-closed', () => {});

  // Hold the quit until core has closed its listener and upstream connections, so a restart
  // can bind the same port at once and in-flight requests are not cut mid-write.
  let stopping = false;
  app.on('before-quit', (event) => {
    if (core === undefined || coreStopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    core
      .then((running) => running.close())
      .catch((error: unknown) => console.error('Switchyard did not stop cleanly:', error))
      .finally(() => {
        coreStopped = true;
        app.quit();
      });
  });
  app.on('will-quit', () => {
    stopLiveTray?.();
    disposeIpc?.();
    tray?.destroy();
  });
}

function setupTray(): void {
  tray = createTray({
    iconDir: trayIconDir,
    platform: process.platform,
    actions: {
      openDashboard: safely('open dashboard', () => showDashboard()),
      copyEndpoint: safely('copy endpoint', () => {
        if (state.status === 'running') clipboard.writeText(state.endpointUrl);
      }),
      copyNewKey: safely('copy a new API key', () => copyNewKey()),
      activateCombo: safely('activate combo', (name: string) =>
        callAndRefresh('combos.activate', { name }),
      ),
      setPaused: safely('pause routing', (paused: boolean) =>
        callAndRefresh('routing.setPaused', { paused }),
      ),
      setLaunchAtLogin: safely('launch at login', async (enabled: boolean) => {
        if (process.platform === 'linux') {
          await setAutostart(linuxAutostart, enabled, mainStrings.appName);
          linuxAutostartOn = enabled;
        } else {
          app.setLoginItemSettings({ openAtLogin: enabled });
        }
        tray?.setState(state);
      }),
      quit: () => app.quit(),
    },
    onActivate: safely('tray click', (trayBounds: Rect) => toggleDashboard(trayBounds)),
    launchAtLogin: () => launchAtLogin(),
  });
  tray.setState(state);
}

/**
 * Login items exist on macOS and Windows; Linux uses an XDG autostart entry, read once at
 * start (the menu asks synchronously) and kept current by our own toggles.
 */
function launchAtLogin(): boolean | undefined {
  if (process.platform === 'linux') return linuxAutostartOn;
  if (process.platform !== 'darwin' && process.platform !== 'win32') return undefined;
  try {
    return app.getLoginItemSettings().openAtLogin;
  } catch (error) {
    console.error('Could not read the login item setting:', error);
    return undefined;
  }
}

/**
 * Wraps a menu or event handler so it never throws into Electron: a failure is logged and the
 * tray keeps working. Async handlers are caught too.
 */
function safely<A extends unknown[]>(
  what: string,
  handler: (...args: A) => void | Promise<void>,
): (...args: A) => void {
  return (...args) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) {
        result.catch((error: unknown) => console.error(`Tray: ${what} failed:`, error));
      }
    } catch (error) {
      console.error(`Tray: ${what} failed:`, error);
    }
  };
}

async function callAndRefresh(method: string, req: unknown): Promise<void> {
  if (running === undefined) return;
  const result = await running.management.call(method, req);
  if (!result.ok) console.error(`Tray: ${method} refused: ${result.error.message}`);
  await refreshTray();
}

/** Issues a router key through core and puts it on the clipboard only; it is never logged. */
async function copyNewKey(): Promise<void> {
  if (running === undefined) return;
  const date = new Date().toISOString().slice(0, 10);
  const { key } = await running.createRouterKey(mainStrings.newKeyName(date));
  clipboard.writeText(key);
  notify({ title: mainStrings.newKeyCopiedTitle, body: mainStrings.newKeyCopiedBody });
}

/** Reads status and accounts through the management service and redraws the tray. */
async function refreshTray(): Promise<void> {
  const core = running;
  if (core === undefined || state.status !== 'running') return;
  const [status, accounts] = await Promise.all([
    core.management.call('status.get', {}),
    core.management.call('accounts.list', {}),
  ]);
  if (!status.ok || !accounts.ok) {
    const error = status.ok ? (accounts.ok ? undefined : accounts.error) : status.error;
    console.error(`Tray: could not read core's state: ${error?.message ?? 'unknown'}`);
    return;
  }
  // The service answers per the contract; the casts only name the method's response type.
  const view = trayView(status.value as StatusView, accounts.value as AccountView[]);
  if (state.status === 'running') setState({ ...state, view });
}

function trayView(status: StatusView, accounts: AccountView[]): TrayView {
  return {
    paused: status.paused,
    ...(status.activeCombo === undefined ? {} : { activeCombo: status.activeCombo }),
    combos: status.combos.map((combo) => combo.name),
    accounts,
  };
}

/** Keeps menu and icon current: core's events (debounced) and a timer for countdowns. */
function startLiveTray(core: RunningSwitchyard): () => void {
  const refresh = safely('refresh', () => refreshTray());
  let debounce: NodeJS.Timeout | undefined;
  const unsubscribe = core.management.subscribe((event) => {
    if (
      event.type !== 'accounts-changed' &&
      event.type !== 'quota-alert' &&
      event.type !== 'needs-login'
    ) {
      return;
    }
    clearTimeout(debounce);
    debounce = setTimeout(refresh, TRAY_EVENT_DEBOUNCE_MS);
  });
  const timer = setInterval(refresh, TRAY_REFRESH_MS);
  refresh();
  return () => {
    unsubscribe();
    clearTimeout(debounce);
    clearInterval(timer);
  };
}

function startCore(): void {
  // The OS keychain holds the master key when it can; safeStorage is the fallback.
  // The same folder the CLI uses, so `switchyard login`, `quota` and `connect` share its
  // accounts; electron-store's window memory stays in Electron's own userData folder.
  core = defaultDataDir().then((dataDir) => startSwitchyard({ dataDir, safeStorage }));
  core.then(
    (started) => {
      running = started;
      dashboardUrl = started.dashboardUrl;
      // A refused refresh needs the user; say so where they will see it.
      started.events.on(
        'needs-login',
        safely('needs-login notification', ({ accountId }: { accountId: string }) => {
          notify({
            title: mainStrings.needsLoginTitle,
            body: mainStrings.needsLoginBody(accountId),
          });
        }),
      );
      started.events.on(
        'quota-alert',
        safely('quota notification', (alert) => notify(alertNotification(alert, Date.now()))),
      );
      // The popover speaks the management contract over IPC, only from our own page.
      disposeIpc = registerManagementIpc({
        service: started.management,
        dashboards: () =>
          [popover, dashboardWindow].flatMap((win) =>
            win === undefined || win.isDestroyed() ? [] : [win.webContents],
          ),
        appUrl: started.dashboardUrl,
      });
      setState({ status: 'running', endpointUrl: started.url });
      stopLiveTray = startLiveTray(started);
    },
    (error: unknown) => {
      console.error('Switchyard core did not start:', error);
      setState({
        status: 'failed',
        reason: error instanceof Error ? error.message : String(error),
      });
    },
  );
}

/** Shows an OS notification; clicking it brings up the dashboard, where the fix is. */
function notify(text: NotificationText): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification(text);
  notification.on('click', () => showDashboard());
  notification.show();
}

function setState(next: TrayState): void {
  state = next;
  tray?.setState(next);
}

/** Left click on the tray: open the popover under the icon, or hide it if it is in front. */
function toggleDashboard(trayBounds: Rect): void {
  const open = alive(popover);
  const action = trayClickAction({
    visible: open?.isVisible() === true,
    focused: open?.isFocused() === true,
    hiddenByBlurAt,
    now: Date.now(),
  });
  if (action === 'hide') open?.hide();
  else if (action === 'show') showPopover(trayBounds);
}

function alive(win: BrowserWindow | undefined): BrowserWindow | undefined {
  return win !== undefined && !win.isDestroyed() ? win : undefined;
}

/** The popover, under the icon; it hides when it loses focus. */
function showPopover(trayBounds: Rect): void {
  if (dashboardUrl === undefined) return;
  const bounds = boundsNextToTray(trayBounds);
  const existing = alive(popover);
  if (existing === undefined) {
    popover = createDashboardWindow({
      ...windowBasics(dashboardUrl),
      kind: 'popover',
      bounds,
      onBlurHide: () => {
        hiddenByBlurAt = Date.now();
      },
    });
    return;
  }
  existing.setBounds(bounds);
  existing.show();
  existing.focus();
}

/** The framed window, where the user last left it (or centred); the popover steps aside. */
function showDashboard(): void {
  if (dashboardUrl === undefined) return;
  alive(popover)?.hide();
  const existing = alive(dashboardWindow);
  if (existing !== undefined) {
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
    return;
  }
  const primary = screen.getPrimaryDisplay().workArea;
  const saved = reopenBounds(
    prefs?.windowBounds(),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  dashboardWindow = createDashboardWindow({
    ...windowBasics(dashboardUrl),
    kind: 'window',
    bounds: saved ?? {
      ...WINDOW_SIZE,
      x: Math.round(primary.x + (primary.width - WINDOW_SIZE.width) / 2),
      y: Math.round(primary.y + (primary.height - WINDOW_SIZE.height) / 2),
    },
    onBoundsChange: (next) => {
      clearTimeout(saveBoundsTimer);
      saveBoundsTimer = setTimeout(() => prefs?.saveWindowBounds(next), SAVE_BOUNDS_DEBOUNCE_MS);
    },
  });
}

function windowBasics(url: string) {
  return { url, preloadPath, title: mainStrings.appName, appVersion: app.getVersion() };
}

function boundsNextToTray(trayBounds: Rect): Rect {
  // Some platforms report an empty rectangle for the icon; the cursor is then the best anchor.
  const anchor =
    trayBounds.width > 0 && trayBounds.height > 0
      ? trayBounds
      : { ...screen.getCursorScreenPoint(), width: 1, height: 1 };
  const display = screen.getDisplayMatching(anchor);
  return popoverBounds(anchor, display.workArea, POPOVER_SIZE);
}
