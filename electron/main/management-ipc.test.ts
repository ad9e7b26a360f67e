/** Management IPC with Electron mocked: one handler per method, sender checks, Results passed through. */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MANAGEMENT_METHODS,
  type ManagementEvent,
  type Result,
} from '../../core/shared/contract.js';
import type { ManagementEventListener, ManagementService } from '../../core/shared/management.js';
import { registerManagementIpc } from './management-ipc.js';

type Handler = (event: IpcMainInvokeEvent, payload: unknown) => Promise<Result<unknown>>;

const fake = vi.hoisted(() => ({ handlers: new Map<string, unknown>() }));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: unknown) => {
      if (fake.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      fake.handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
}));

const APP_URL = 'http://127.0.0.1:4141/';

function fakeContents(url = APP_URL) {
  const mainFrame = { url };
  const sent: [string, unknown][] = [];
  const contents = {
    mainFrame,
    isDestroyed: () => false,
    getURL: () => mainFrame.url,
    send: (channel: string, value: unknown) => sent.push([channel, value]),
  };
  return { contents: contents as unknown as WebContents, mainFrame, sent };
}

function fakeService() {
  const listeners = new Set<ManagementEventListener>();
  const calls: [string, unknown][] = [];
  const service: ManagementService = {
    call: (method, req) => {
      calls.push([method, req]);
      if (method === 'routing.clear') {
        return Promise.resolve({ ok: false, error: { code: 'not_found', message: 'No account.' } });
      }
      if (method === 'alerts.recent') return Promise.reject(new Error('broken port'));
      return Promise.resolve({ ok: true, value: { method } });
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (event: ManagementEvent): void => listeners.forEach((listener) => listener(event));
  return { service, calls, listeners, emit };
}

function invoke(channel: string, event: Partial<IpcMainInvokeEvent>, payload: unknown) {
  const handler = fake.handlers.get(channel) as Handler | undefined;
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  return handler(event as IpcMainInvokeEvent, payload);
}

beforeEach(() => fake.handlers.clear());

describe('registerManagementIpc', () => {
  it('registers one channel per contract method and removes them all on dispose', () => {
    const { service, listeners } = fakeService();
    const dispose = registerManagementIpc({ service, dashboards: () => [], appUrl: APP_URL });
    expect([...fake.handlers.keys()].sort()).toEqual(
      MANAGEMENT_METHODS.map((method) => `management:${method}`).sort(),
    );
    expect(listeners.size).toBe(1);
    dispose();
    expect(fake.handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });

  it('passes the payload through untouched and returns the Result as is', async () => {
    const { service, calls } = fakeService();
    const { contents, mainFrame } = fakeContents();
    registerManagementIpc({ service, dashboards: () => [contents], appUrl: APP_URL });
    const event = { sender: contents, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent;
    expect(await invoke('management:status.get', event, { any: 'thing' })).toEqual({
      ok: true,
      value: { method: 'status.get' },
    });
    expect(await invoke('management:routing.clear', event, { accountId: 'x' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No account.' },
    });
    expect(await invoke('management:alerts.recent', event, undefined)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(calls).toEqual([
      ['status.get', { any: 'thing' }],
      ['routing.clear', { accountId: 'x' }],
      ['alerts.recent', undefined],
    ]);
  });

  it('refuses other windows, subframes and pages on another origin', async () => {
    const { service, calls } = fakeService();
    const ours = fakeContents();
    const other = fakeContents();
    const elsewhere = fakeContents('https://evil.example/');
    let dashboard: WebContents | undefined = ours.contents;
    registerManagementIpc({
      service,
      dashboards: () => (dashboard === undefined ? [] : [dashboard]),
      appUrl: APP_URL,
    });
    const cases = [
      { sender: other.contents, senderFrame: other.mainFrame },
      { sender: ours.contents, senderFrame: { url: APP_URL } },
      { sender: ours.contents, senderFrame: null },
    ];
    for (const event of cases) {
      expect(await invoke('management:status.get', event as never, {})).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    dashboard = elsewhere.contents;
    expect(
      await invoke(
        'management:status.get',
        { sender: elsewhere.contents, senderFrame: elsewhere.mainFrame } as never,
        {},
      ),
    ).toMatchObject({ ok: false });
    dashboard = undefined;
    expect(
      await invoke(
        'management:status.get',
        { sender: ours.contents, senderFrame: ours.mainFrame } as never,
        {},
      ),
    ).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('forwards events to the dashboard on the event channel', () => {
    const { service, emit } = fakeService();
    const { contents, sent } = fakeContents();
    let dashboard: WebContents | undefined = undefined;
    registerManagementIpc({
      service,
      dashboards: () => (dashboard === undefined ? [] : [dashboard]),
      appUrl: APP_URL,
    });
    emit({ type: 'accounts-changed' });
    dashboard = contents;
    emit({ type: 'accounts-changed' });
    expect(sent).toEqual([['management:event', { type: 'accounts-changed' }]]);
  });

  it('serves the popover and the window alike, and sends events to both', async () => {
    const { service, emit, calls } = fakeService();
    const popover = fakeContents();
    const window = fakeContents();
    registerManagementIpc({
      service,
      dashboards: () => [popover.contents, window.contents],
      appUrl: APP_URL,
    });
    for (const one of [popover, window]) {
      expect(
        await invoke(
          'management:status.get',
          { sender: one.contents, senderFrame: one.mainFrame } as never,
          {},
        ),
      ).toMatchObject({ ok: true });
    }
    expect(calls).toHaveLength(2);
    emit({ type: 'accounts-changed' });
    expect(popover.sent).toEqual([['management:event', { type: 'accounts-changed' }]]);
    expect(window.sent).toEqual([['management:event', { type: 'accounts-changed' }]]);
  });
});
