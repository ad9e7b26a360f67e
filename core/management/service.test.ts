/** The management service over fake ports: validation, routing of calls, and failures as values. */
import { describe, expect, it } from 'vitest';
import { MANAGEMENT_METHODS } from '../shared/contract.js';
import { fakeManagementDeps } from '../testing/management.js';
import { ToolEditError } from '../tools/types.js';
import { ManagementFailure } from './failure.js';
import { createManagementService } from './service.js';

const DAY = 86_400_000;

describe('management service', () => {
  it('answers every contract method with a valid request', async () => {
    const service = createManagementService(fakeManagementDeps().deps);
    const requests: Record<(typeof MANAGEMENT_METHODS)[number], unknown> = {
      'status.get': {},
      'accounts.list': undefined,
      'quota.refresh': { accountId: 'a' },
      'routing.clear': { accountId: 'b' },
      'combos.activate': { name: 'cheap' },
      'usage.summary': { from: 0, to: DAY, by: 'model' },
      'usage.series': { from: 0, to: DAY, bucket: 'hour' },
      'requests.recent': { limit: 5 },
      'requests.trace': { requestId: 'r2' },
      'alerts.recent': {},
      'debugLog.get': { limit: 10 },
      'debugLog.setEnabled': { enabled: true },
      'tools.list': {},
      'tools.preview': { tool: 'claude-code', model: 'ds/deepseek-chat' },
      'tools.connect': { tool: 'claude-code' },
      'tools.disconnect': { tool: 'claude-code' },
      'routing.setPaused': { paused: true },
    };
    for (const method of MANAGEMENT_METHODS) {
      const result = await service.call(method, requests[method]);
      expect(result, method).toMatchObject({ ok: true });
    }
  });

  it('runs the ports and returns fresh views', async () => {
    const { deps, calls, state } = fakeManagementDeps();
    const service = createManagementService(deps);
    await service.call('quota.refresh', {});
    await service.call('routing.clear', { accountId: 'a' });
    expect(calls).toEqual(['refreshQuota:*', 'clearRouting:a']);
    const activated = await service.call('combos.activate', { name: 'cheap' });
    expect(activated).toMatchObject({ ok: true, value: { activeCombo: 'cheap' } });
    expect(state.activeCombo).toBe('cheap');
    const paused = await service.call('routing.setPaused', { paused: true });
    expect(paused).toMatchObject({ ok: true, value: { paused: true } });
    expect(state.paused).toBe(true);
    const recent = await service.call('requests.recent', {});
    expect(recent.ok && (recent.value as { trace?: unknown }[]).map((row) => row.trace)).toEqual([
      expect.objectContaining({
        id: 'r2',
        candidates: [expect.objectContaining({ outcome: 'served' })],
      }),
      undefined,
    ]);
    expect(await service.call('requests.trace', { requestId: 'gone' })).toEqual({
      ok: true,
      value: null,
    });
  });

  it.each([
    ['status.get', { extra: 1 }],
    ['routing.clear', {}],
    ['routing.clear', { accountId: 5 }],
    ['combos.activate', 'work'],
    ['usage.summary', { from: DAY, to: 0, by: 'model' }],
    ['usage.summary', { from: 0, to: 401 * DAY, by: 'model' }],
    ['usage.series', { from: 0, to: DAY, bucket: 'minute' }],
    ['requests.recent', { limit: 501 }],
    ['requests.recent', { limit: 1.5 }],
    ['debugLog.setEnabled', { enabled: 'yes' }],
    ['tools.connect', {}],
    ['tools.connect', { tool: 'claude-code', key: 'sy-mine' }],
    ['tools.preview', { tool: 'claude-code', model: 'a\nOPENAI_BASE_URL=x' }],
    ['tools.preview', { tool: 'claude-code', model: '' }],
    ['routing.setPaused', {}],
    ['routing.setPaused', { paused: 'no' }],
  ])('refuses %s with %j as invalid_request', async (method, req) => {
    const service = createManagementService(fakeManagementDeps().deps);
    const result = await service.call(method, req);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('answers not_found for unknown methods, accounts and combos', async () => {
    const service = createManagementService(fakeManagementDeps().deps);
    for (const [method, req] of [
      ['accounts.delete', {}],
      ['__proto__', {}],
      ['routing.clear', { accountId: 'nobody' }],
      ['combos.activate', { name: 'nope' }],
      ['tools.preview', { tool: 'vim' }],
      ['tools.connect', { tool: 'vim' }],
      ['tools.disconnect', { tool: 'vim' }],
    ] as const) {
      expect(await service.call(method, req)).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    }
  });

  it('runs the tools port for known tools only', async () => {
    const { deps, calls } = fakeManagementDeps();
    const service = createManagementService(deps);
    await service.call('tools.preview', { tool: 'claude-code', model: 'ds/deepseek-chat' });
    await service.call('tools.connect', { tool: 'claude-code' });
    await service.call('tools.disconnect', { tool: 'codex' });
    await service.call('tools.connect', { tool: 'vim' });
    expect(calls).toEqual([
      'tools.preview:claude-code:ds/deepseek-chat',
      'tools.connect:claude-code:-',
      'tools.disconnect:codex',
    ]);
  });

  it('refuses to connect tools whose key would have to be shown', async () => {
    const { deps, calls } = fakeManagementDeps();
    const service = createManagementService(deps);
    const codex = await service.call('tools.connect', { tool: 'codex' });
    expect(codex).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!codex.ok && codex.error.message).toContain('switchyard connect codex --new-key');
    expect(!codex.ok && codex.error.message).toContain('$SWITCHYARD_API_KEY');
    const cline = await service.call('tools.connect', { tool: 'cline' });
    expect(!cline.ok && cline.error.message).toContain('switchyard key create');
    expect(calls).toEqual([]);
  });

  it('answers an unsafe tool edit as invalid_request with its message', async () => {
    const { deps } = fakeManagementDeps();
    const service = createManagementService({
      ...deps,
      tools: {
        ...deps.tools,
        preview: () =>
          Promise.reject(new ToolEditError('/h/.claude/settings.json', 'not valid JSON')),
      },
    });
    expect(await service.call('tools.preview', { tool: 'claude-code' })).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'not valid JSON' },
    });
  });

  it('passes deliberate failures through and hides unexpected ones', async () => {
    const { deps } = fakeManagementDeps();
    const logged: string[] = [];
    const service = createManagementService({
      ...deps,
      refreshQuota: () => Promise.reject(new ManagementFailure('unavailable', 'Polling is off.')),
      clearRouting: () => {
        throw new Error('boom at /secret/path with sk-live-0123456789abcdef');
      },
      log: {
        log: (_level, message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
      },
    });
    expect(await service.call('quota.refresh', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'Polling is off.' },
    });
    const hidden = await service.call('routing.clear', { accountId: 'a' });
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('boom');
    expect(JSON.stringify(hidden)).not.toContain('sk-live');
    expect(logged).toHaveLength(1);
  });

  it('publishes events to subscribers until they unsubscribe, surviving a broken one', () => {
    const service = createManagementService(fakeManagementDeps().deps);
    const seen: string[] = [];
    service.subscribe(() => {
      throw new Error('closed window');
    });
    const stop = service.subscribe((event) => seen.push(event.type));
    service.publish({ type: 'accounts-changed' });
    stop();
    service.publish({ type: 'accounts-changed' });
    expect(seen).toEqual(['accounts-changed']);
  });
});
