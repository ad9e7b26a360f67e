/**
 * The renderer's HTTP management client against the real core server: the
 * contract checked end to end, from the typed client to the service and back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- this contract test drives the real renderer client (browser globals only) against the real server
import { createHttpClient } from '../../../renderer/src/client/http.js';
import { createManagementService, type ManagementServiceHandle } from '../../management/service.js';
import type { ManagementEvent } from '../../shared/contract.js';
import {
  fakeManagementDeps,
  startManagementServer,
  TEST_MANAGEMENT_TOKEN,
  type ManagementTestServer,
} from '../management.js';

let service: ManagementServiceHandle;
let server: ManagementTestServer;

beforeEach(async () => {
  service = createManagementService(fakeManagementDeps().deps);
  server = await startManagementServer(service, { keepAliveMs: 20 });
});
afterEach(async () => {
  await server.close();
});

const client = (token = TEST_MANAGEMENT_TOKEN, onEventsStopped?: (reason: string) => void) =>
  createHttpClient({
    baseUrl: `${server.url}/`,
    token,
    fetch,
    retryMs: 20,
    ...(onEventsStopped === undefined ? {} : { onEventsStopped }),
  });

describe('HTTP management client against the real server', () => {
  it('gets typed values back', async () => {
    const http = client();
    const status = await http['status.get']({});
    expect(status.ok && status.value.combos.map((combo) => combo.name)).toEqual(['work', 'cheap']);
    const activated = await http['combos.activate']({ name: 'cheap' });
    expect(activated.ok && activated.value.activeCombo).toBe('cheap');
    const recent = await http['requests.recent']({ limit: 1 });
    expect(recent.ok && recent.value.map((row) => [row.requestId, row.trace?.id])).toEqual([
      ['r2', 'r2'],
    ]);
    const summary = await http['usage.summary']({ from: 0, to: 1000, by: 'account' });
    expect(summary).toMatchObject({ ok: true, value: { by: 'account', rows: [] } });
  });

  it('gets the server’s error codes back', async () => {
    const http = client();
    expect(await http['routing.clear']({ accountId: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // A caller that ignores the types still meets the server's validation.
    const bad = await http['usage.series']({ from: 5, to: 1, bucket: 'day' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await client('wrong')['status.get']({})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('reports an unreachable server as disconnected', async () => {
    const http = client();
    await server.close();
    expect(await http['status.get']({})).toMatchObject({
      ok: false,
      error: { code: 'disconnected', message: 'Switchyard is not reachable.' },
    });
    server = await startManagementServer(service);
  });

  it('receives events, and stops on unsubscribe', async () => {
    const seen: ManagementEvent[] = [];
    let subscribers = 0;
    const counting = {
      call: service.call,
      subscribe: (listener: (event: ManagementEvent) => void) => {
        subscribers += 1;
        const stop = service.subscribe(listener);
        return () => {
          subscribers -= 1;
          stop();
        };
      },
    };
    await server.close();
    server = await startManagementServer(counting, { keepAliveMs: 20 });
    const stop = client().subscribe((event) => seen.push(event));
    await expect.poll(() => subscribers).toBe(1);
    service.publish({ type: 'needs-login', accountId: 'a', message: 'Log in again.' });
    service.publish({ type: 'accounts-changed' });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[0]).toEqual({ type: 'needs-login', accountId: 'a', message: 'Log in again.' });
    stop();
    await expect.poll(() => subscribers).toBe(0);
  });

  it('gives up on events when the token is refused', async () => {
    const reasons: string[] = [];
    const stop = client('wrong', (reason) => reasons.push(reason)).subscribe(() => undefined);
    await expect.poll(() => reasons).toEqual(['refused (401)']);
    stop();
  });
});
