/** The window factory with Electron mocked: security flags, blocked navigation, CSP and blur. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDashboardWindow, DASHBOARD_CSP, withCsp } from './windows.js';

type Listener = (...args: unknown[]) => unknown;

// vi.mock runs before the imports above, so the fake it returns is built in vi.hoisted.
const fake = vi.hoisted(() => {
  class FakeWebContents {
    readonly listeners = new Map<string, Listener>();
    windowOpenHandler: Listener | undefined;
    permissionHandler: Listener | undefined;
    headersFilter: unknown;
    headersHandler: Listener | undefined;
    devToolsOpened = false;
    readonly session = {
      setPermissionRequestHandler: (handler: Listener) => {
        this.permissionHandler = handler;
      },
      webRequest: {
        onHeadersReceived: (filter: unknown, handler: Listener) => {
          this.headersFilter = filter;
          this.headersHandler = handler;
        },
      },
    };
    isDevToolsOpened(): boolean {
      return this.devToolsOpened;
    }
    on(event: string, listener: Listener): this {
      this.listeners.set(event, listener);
      return this;
    }
    setWindowOpenHandler(handler: Listener): void {
      this.windowOpenHandler = handler;
    }
  }

  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();
    readonly hide = vi.fn();
    readonly windowListeners = new Map<string, Listener>();
    readonly once = vi.fn((event: string, listener: Listener) => {
      if (event === 'ready-to-show') listener();
    });
    on(event: string, listener: Listener): this {
      this.windowListeners.set(event, listener);
      return this;
    }
    isDestroyed(): boolean {
      return false;
    }
    isVisible(): boolean {
      return true;
    }
    getBounds() {
      return { x: 40, y: 50, width: 900, height: 700 };
    }
    constructor(readonly options: Record<string, unknown>) {
      FakeBrowserWindow.created.push(this);
    }
  }

  const shell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };
  return { FakeBrowserWindow, shell };
});

vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow, shell: fake.shell }));

const options = {
  url: 'http://127.0.0.1:4141/',
  preloadPath: '/app/dist/electron/preload/preload.cjs',
  bounds: { x: 10, y: 20, width: 380, height: 600 },
  title: 'Switchyard',
  appVersion: '1.2.3',
};

let pinned = false;
const blurHides = vi.fn();

const boundsChanges = vi.fn();

function open() {
  createDashboardWindow({
    ...options,
    kind: pinned ? 'window' : 'popover',
    onBlurHide: blurHides,
    onBoundsChange: boundsChanges,
  });
  const win = fake.FakeBrowserWindow.created.at(-1);
  if (win === undefined) throw new Error('no window was created');
  return win;
}

beforeEach(() => {
  fake.FakeBrowserWindow.created.length = 0;
  fake.shell.openExternal.mockClear();
  pinned = false;
  blurHides.mockClear();
  boundsChanges.mockClear();
});

describe('createDashboardWindow', () => {
  it('isolates the page: context isolation and sandbox on, Node off', () => {
    const prefs = open().options['webPreferences'];
    expect(prefs).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      preload: options.preloadPath,
      additionalArguments: ['--switchyard-version=1.2.3'],
    });
  });

  it('loads the dashboard URL at the requested bounds', () => {
    const win = open();
    expect(win.loadURL).toHaveBeenCalledWith(options.url);
    expect(win.options).toMatchObject(options.bounds);
    expect(win.show).toHaveBeenCalled();
  });

  it('denies every in-app window, handing web links to the system browser', () => {
    const handler = open().webContents.windowOpenHandler;
    expect(handler?.({ url: 'https://auth.example.com/authorize?x=1' })).toEqual({
      action: 'deny',
    });
    expect(handler?.({ url: 'http://127.0.0.1:5000/device' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal.mock.calls).toEqual([
      ['https://auth.example.com/authorize?x=1'],
      ['http://127.0.0.1:5000/device'],
    ]);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url'])(
    'opens nothing for %s',
    (url) => {
      expect(open().webContents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
      expect(fake.shell.openExternal).not.toHaveBeenCalled();
    },
  );

  it('cancels navigation away from the loaded page', () => {
    const listener = open().webContents.listeners.get('will-navigate');
    const event = { preventDefault: vi.fn() };
    listener?.(event, 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('refuses webview attachment', () => {
    const attach = { preventDefault: vi.fn() };
    open().webContents.listeners.get('will-attach-webview')?.(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it.each([
    ['media', false],
    ['notifications', false],
    ['clipboard-read', false],
    ['clipboard-sanitized-write', true],
  ])('answers a %s permission request with %s', (permission, granted) => {
    const callback = vi.fn();
    open().webContents.permissionHandler?.({}, permission, callback);
    expect(callback).toHaveBeenCalledWith(granted);
  });

  it('hides on blur unless pinned or inspected with dev tools', () => {
    const popover = open();
    popover.windowListeners.get('blur')?.();
    expect(popover.hide).toHaveBeenCalledOnce();
    expect(blurHides).toHaveBeenCalledOnce();

    pinned = true;
    const window = open();
    window.windowListeners.get('blur')?.();
    expect(window.hide).not.toHaveBeenCalled();

    pinned = false;
    const inspected = open();
    inspected.webContents.devToolsOpened = true;
    inspected.windowListeners.get('blur')?.();
    expect(inspected.hide).not.toHaveBeenCalled();
  });

  it('makes the popover frameless, fixed and off the taskbar, and the window an ordinary one', () => {
    expect(open().options).toMatchObject({
      frame: false,
      resizable: false,
      movable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
    });
    pinned = true;
    const window = open().options;
    expect(window).toMatchObject({ frame: true, resizable: true });
    expect(window['skipTaskbar']).toBeUndefined();
    expect(window['alwaysOnTop']).toBeUndefined();
  });

  it('reports where the user moved or resized the window, never the popover', () => {
    const popover = open();
    popover.windowListeners.get('move')?.();
    expect(boundsChanges).not.toHaveBeenCalled();

    pinned = true;
    const window = open();
    window.windowListeners.get('move')?.();
    window.windowListeners.get('resize')?.();
    expect(boundsChanges).toHaveBeenCalledTimes(2);
    expect(boundsChanges).toHaveBeenLastCalledWith({ x: 40, y: 50, width: 900, height: 700 });
  });

  it("sends a strict CSP on every response from core's origin only", () => {
    const contents = open().webContents;
    expect(contents.headersFilter).toEqual({ urls: ['http://127.0.0.1:4141/*'] });
    const callback = vi.fn();
    contents.headersHandler?.({ responseHeaders: { 'content-type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'content-type': ['text/html'],
        'Content-Security-Policy': [DASHBOARD_CSP],
      },
    });
  });
});

describe('withCsp', () => {
  it('replaces a weaker policy in any letter case and keeps the rest', () => {
    expect(
      withCsp({ 'content-security-policy': ['default-src *'], 'x-frame-options': ['DENY'] }),
    ).toEqual({ 'x-frame-options': ['DENY'], 'Content-Security-Policy': [DASHBOARD_CSP] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [DASHBOARD_CSP] });
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe');
  });
});
