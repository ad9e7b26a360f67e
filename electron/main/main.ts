/** Electron composition root: one instance, core hosted in-process, a tray and the dashboard. */
import path from 'node:path';
import { app, clipboard, Notification, safeStorage, screen, type BrowserWindow } from 'electron';
// Compiled with rootDir at the repo root (see electron/tsconfig.build.json), so at runtime this
// is dist/electron/main/main.js importing dist/core/app.js.
import { startSwitchyard, type RunningSwitchyard } from '../../core/app.js';
import { alertNotification, type NotificationText } from './alert-notification.js';
import { registerManagementIpc } from './management-ipc.js';
import { popoverBounds, type Rect } from './popover-bounds.js';
import { mainStrings } from './strings.js';
import type { TrayState } from './tray-menu.js';
import { createTray, type TrayController } from './tray.js';
import { createDashboardWindow } from './windows.js';

const POPOVER_SIZE = { width: 380, height: 600 };

// Paths are relative to the compiled file, dist/electron/main/main.js; build:electron copies
// build/tray/*.png to dist/electron/tray so dev runs and packaged apps find them the same way.
const preloadPath = path.join(import.meta.dirname, '../preload/preload.cjs');
const trayIconPath = path.join(
  import.meta.dirname,
  '../tray',
  process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png',
);

let core: Promise<RunningSwitchyard> | undefined;
let coreStopped = false;
let dashboardUrl: string | undefined;
let tray: TrayController | undefined;
let dashboard: BrowserWindow | undefined;
let state: TrayState = { status: 'starting' };
let disposeIpc: (() => void) | undefined;

if (setupSingleInstance()) {
  setupLifecycle();
  app
    .whenReady()
    .then(() => {
      setupTray();
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
    disposeIpc?.();
    tray?.destroy();
  });
}

function setupTray(): void {
  tray = createTray({
    iconPath: trayIconPath,
    platform: process.platform,
    actions: {
      openDashboard: () => showDashboard(),
      copyEndpoint: () => {
        if (state.status === 'running') clipboard.writeText(state.endpointUrl);
      },
      quit: () => app.quit(),
    },
    onActivate: (trayBounds) => toggleDashboard(trayBounds),
  });
  tray.setState(state);
}

function startCore(): void {
  // The OS keychain holds the master key when it can; safeStorage is the fallback.
  core = startSwitchyard({ dataDir: app.getPath('userData'), safeStorage });
  core.then(
    (running) => {
      dashboardUrl = running.dashboardUrl;
      // A refused refresh needs the user; say so where they will see it.
      running.events.on('needs-login', ({ accountId }) => {
        notify({
          title: mainStrings.needsLoginTitle,
          body: mainStrings.needsLoginBody(accountId),
        });
      });
      running.events.on('quota-alert', (alert) => notify(alertNotification(alert, Date.now())));
      // The popover speaks the management contract over IPC, only from our own page.
      disposeIpc = registerManagementIpc({
        service: running.management,
        dashboard: () =>
          dashboard === undefined || dashboard.isDestroyed() ? undefined : dashboard.webContents,
        appUrl: running.dashboardUrl,
      });
      setState({ status: 'running', endpointUrl: running.url });
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

function notify(text: NotificationText): void {
  if (Notification.isSupported()) new Notification(text).show();
}

function setState(next: TrayState): void {
  state = next;
  tray?.setState(next);
}

/** Left click on the tray: open the popover under the icon, or hide it if it is in front. */
function toggleDashboard(trayBounds: Rect): void {
  if (dashboard !== undefined && !dashboard.isDestroyed() && dashboard.isFocused()) {
    dashboard.hide();
    return;
  }
  showDashboard(trayBounds);
}

function showDashboard(trayBounds?: Rect): void {
  if (dashboardUrl === undefined) return;
  const bounds = trayBounds === undefined ? undefined : boundsNextToTray(trayBounds);
  if (dashboard === undefined || dashboard.isDestroyed()) {
    const primary = screen.getPrimaryDisplay().workArea;
    dashboard = createDashboardWindow({
      url: dashboardUrl,
      preloadPath,
      title: mainStrings.appName,
      appVersion: app.getVersion(),
      bounds: bounds ?? {
        ...POPOVER_SIZE,
        x: Math.round(primary.x + (primary.width - POPOVER_SIZE.width) / 2),
        y: Math.round(primary.y + (primary.height - POPOVER_SIZE.height) / 2),
      },
    });
    return;
  }
  if (bounds !== undefined) dashboard.setBounds(bounds);
  if (dashboard.isMinimized()) dashboard.restore();
  dashboard.show();
  dashboard.focus();
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
