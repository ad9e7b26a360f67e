/** The management service over fake ports: validation, routing of calls, and failures as values. */
import { describe, expect, it } from 'vitest';
import { MANAGEMENT_METHODS, type RouterKeyCreated } from '../shared/contract.js';
import {
  fakeEntry,
  fakeManagementDeps,
  REFUSED_KEY,
  UNREACHABLE_KEY,
} from '../testing/management.js';
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
      'usage.series': { from: 0, to: DAY, bucket: 'hour', by: 'provider' },
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
      'combos.list': {},
      'combos.save': { name: 'new', entries: [{ model: 'a/mini' }], strategy: 'fallback' },
      'combos.remove': { name: 'new' },
      'models.list': {},
      'accounts.setEnabled': { accountId: 'a', enabled: false },
      'accounts.setPriority': { accountId: 'a', priority: 3 },
      'accounts.addApiKey': { kind: 'deepseek', apiKey: 'sk-new' },
      'accounts.remove': { accountId: 'b' },
      'providers.kinds': {},
      'settings.get': {},
      'settings.update': { retentionDays: 30 },
      'keys.list': {},
      'keys.create': { name: 'ci' },
      'keys.revoke': { id: 'rk_laptop' },
      'logins.start': { kind: 'cc' },
      'logins.get': { id: 'login-1' },
      'logins.cancel': { id: 'login-1' },
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
    ['usage.series', { from: 0, to: DAY, bucket: 'hour', by: 'account' }],
    ['requests.recent', { limit: 501 }],
    ['requests.recent', { limit: 1.5 }],
    ['debugLog.setEnabled', { enabled: 'yes' }],
    ['tools.connect', {}],
    ['tools.connect', { tool: 'claude-code', key: 'sy-mine' }],
    ['tools.preview', { tool: 'claude-code', model: 'a\nOPENAI_BASE_URL=x' }],
    ['tools.preview', { tool: 'claude-code', model: '' }],
    ['routing.setPaused', {}],
    ['routing.setPaused', { paused: 'no' }],
    ['settings.update', { port: 70_000 }],
    ['settings.update', { port: 80.5 }],
    ['settings.update', { host: '0.0.0.0' }],
    ['settings.update', { alertThresholds: [0] }],
    ['settings.update', { alertThresholds: [50, 101] }],
    ['settings.update', { stopAtPercent: 0 }],
    ['settings.update', { retentionDays: 0 }],
    ['settings.update', { budgets: { providers: { a: { dailyUsd: -1 } } } }],
    ['settings.update', { budgets: { providers: { a: { weeklyUsd: 5 } } } }],
    ['settings.update', { budgets: { providers: { nowhere: { dailyUsd: 5 } } } }],
    ['settings.update', { budgets: { keys: { rk_gone: { monthlyUsd: 5 } } } }],
    ['keys.create', { name: '   ' }],
    ['keys.create', { name: 'x'.repeat(101) }],
    ['keys.revoke', {}],
  ])('refuses %s with %j as invalid_request', async (method, req) => {
    const service = createManagementService(fakeManagementDeps().deps);
    const result = await service.call(method, req);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('saves a settings patch in one write and answers the new view', async () => {
    const { deps, calls, state } = fakeManagementDeps();
    const service = createManagementService(deps);
    const result = await service.call('settings.update', {
      port: 4321,
      requireKeyOnLoopback: false,
      budgets: { providers: { a: { dailyUsd: 5 } }, keys: { rk_laptop: { monthlyUsd: 20 } } },
      alertThresholds: [95, 50, 95],
      stopAtPercent: 90,
      retentionDays: 30,
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        // The fake listens on 4321 already, so nothing waits for a restart.
        restartNeeded: false,
        settings: {
          port: 4321,
          listeningPort: 4321,
          requireKeyOnLoopback: false,
          dataDir: { path: '/data/switchyard', flag: '--data-dir', env: 'SWITCHYARD_DATA_DIR' },
          budgets: { providers: { a: { dailyUsd: 5 } }, keys: { rk_laptop: { monthlyUsd: 20 } } },
          prefixes: ['a', 'b'],
          alertThresholds: [50, 95],
          stopAtPercent: 90,
          retentionDays: 30,
        },
      },
    });
    expect(calls).toEqual(['writeSettings']);
    const moved = await service.call('settings.update', {
      port: 5000,
      stopAtPercent: null,
      budgets: { providers: { a: null } },
    });
    expect(moved).toMatchObject({ ok: true, value: { restartNeeded: true } });
    expect(state.settings.quota.stopAtPercent).toBeUndefined();
    expect(state.settings.budgets.providers).toEqual({});
  });

  it('writes nothing when one part of a patch is refused', async () => {
    const { deps, calls, state } = fakeManagementDeps();
    const service = createManagementService(deps);
    const result = await service.call('settings.update', {
      retentionDays: 7,
      budgets: { providers: { nowhere: { dailyUsd: 1 } } },
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'No provider prefix "nowhere".' },
    });
    expect(state.settings.usage.retentionDays).toBe(400);
    expect(calls).toEqual([]);
  });

  it('creates router keys shown once, lists them by hint, and revokes them', async () => {
    const { deps, state } = fakeManagementDeps();
    const service = createManagementService(deps);
    const created = await service.call('keys.create', { name: ' ci ' });
    if (!created.ok) throw new Error(created.error.message);
    const { key, created: view, keys } = created.value as RouterKeyCreated;
    expect(key).toMatch(/^sy-/);
    expect(view).toMatchObject({ name: 'ci', hint: key.slice(-4) });
    expect(keys.map((row) => row.id)).toEqual(['rk_laptop', view.id]);
    expect(JSON.stringify(keys)).not.toContain(key);
    expect(JSON.stringify(state.settings)).not.toContain(key);
    const listed = await service.call('keys.list', {});
    expect(listed).toEqual({ ok: true, value: keys });
    expect(JSON.stringify(listed)).not.toContain('hash');

    await service.call('settings.update', { budgets: { keys: { [view.id]: { dailyUsd: 1 } } } });
    expect(await service.call('keys.revoke', { id: view.id })).toMatchObject({
      ok: true,
      value: [{ id: 'rk_laptop' }],
    });
    // Its budget goes with it.
    expect(state.settings.budgets.keys).toEqual({});
    expect(await service.call('keys.revoke', { id: view.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
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

  describe('combos', () => {
    const save = (req: unknown) => {
      const { deps, state, calls } = fakeManagementDeps();
      const service = createManagementService(deps);
      return { service, state, calls, result: service.call('combos.save', req) };
    };

    it('lists combos with served entries and the active one', async () => {
      const { deps, state } = fakeManagementDeps();
      state.combos.push({
        name: 'nested',
        strategy: 'weighted',
        entries: [
          { model: 'work', weight: 2 },
          { model: 'z/gone', weight: 1 },
        ],
      });
      const result = await createManagementService(deps).call('combos.list', {});
      expect(result).toEqual({
        ok: true,
        value: [
          {
            name: 'work',
            strategy: 'fallback',
            entries: [{ model: 'a/gpt', weight: 1, served: true }],
            active: true,
          },
          expect.objectContaining({ name: 'cheap', active: false }),
          {
            name: 'nested',
            strategy: 'weighted',
            entries: [
              { model: 'work', weight: 2, served: true },
              { model: 'z/gone', weight: 1, served: false },
            ],
            active: false,
          },
        ],
      });
    });

    it('saves a valid combo in the given order, replacing one of the same name in place', async () => {
      const { service, state, result } = save({
        name: 'mix',
        entries: [{ model: 'b/gpt', weight: 3 }, { model: 'a/mini' }, { model: 'cheap' }],
        strategy: 'weighted',
      });
      expect(await result).toMatchObject({
        ok: true,
        value: [{ name: 'work' }, { name: 'cheap' }, { name: 'mix', strategy: 'weighted' }],
      });
      expect(state.combos[2]?.entries).toEqual([
        { model: 'b/gpt', weight: 3 },
        { model: 'a/mini', weight: 1 },
        { model: 'cheap', weight: 1 },
      ]);
      await service.call('combos.save', {
        name: 'work',
        entries: [{ model: 'a/mini' }],
        strategy: 'round-robin',
      });
      expect(state.combos.map((combo) => combo.name)).toEqual(['work', 'cheap', 'mix']);
      expect(state.combos[0]).toEqual({
        name: 'work',
        strategy: 'round-robin',
        entries: [{ model: 'a/mini', weight: 1 }],
      });
    });

    it('refuses a cycle, naming it, and writes nothing', async () => {
      const { deps, state } = fakeManagementDeps();
      const service = createManagementService(deps);
      await service.call('combos.save', {
        name: 'cheap',
        entries: [{ model: 'b/gpt' }, { model: 'work' }],
        strategy: 'fallback',
      });
      const result = await service.call('combos.save', {
        name: 'work',
        entries: [{ model: 'cheap' }],
        strategy: 'fallback',
      });
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'invalid_request',
          message: "Cannot save combo 'work': combos would loop: work → cheap → work.",
        },
      });
      expect(state.combos[0]?.entries).toEqual([{ model: 'a/gpt', weight: 1 }]);
    });

    it.each([
      [
        'an unserved model',
        { name: 'x', entries: [{ model: 'z/nope' }], strategy: 'fallback' },
        "Cannot save combo 'x': unknown model 'z/nope': no account serves it.",
      ],
      [
        'an unknown combo',
        { name: 'x', entries: [{ model: 'pricey' }], strategy: 'fallback' },
        "Cannot save combo 'x': unknown combo 'pricey' (models are written prefix/model).",
      ],
      [
        'a bad name',
        { name: 'Big/One', entries: [{ model: 'a/gpt' }], strategy: 'fallback' },
        'name: use lowercase letters, digits, dot, dash and underscore (no /)',
      ],
      [
        'the reserved name',
        { name: 'auto', entries: [{ model: 'a/gpt' }], strategy: 'fallback' },
        "Cannot save combo 'auto': 'auto' is reserved (it means the active combo); choose another name.",
      ],
      [
        'a repeated entry',
        { name: 'x', entries: [{ model: 'a/gpt' }, { model: 'a/gpt' }], strategy: 'fallback' },
        "Cannot save combo 'x': 'a/gpt' is listed more than once.",
      ],
    ])('refuses %s with a clear message', async (_name, req, message) => {
      const { result, calls } = save(req);
      expect(await result).toEqual({ ok: false, error: { code: 'invalid_request', message } });
      expect(calls).not.toContain('writeCombos');
    });

    it.each([
      ['no entries', { name: 'x', entries: [], strategy: 'fallback' }],
      [
        'a zero weight',
        { name: 'x', entries: [{ model: 'a/gpt', weight: 0 }], strategy: 'weighted' },
      ],
      ['an unknown strategy', { name: 'x', entries: [{ model: 'a/gpt' }], strategy: 'random' }],
      ['a missing strategy', { name: 'x', entries: [{ model: 'a/gpt' }] }],
    ])('refuses a save with %s as invalid_request', async (_name, req) => {
      expect(await save(req).result).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    });

    it('removes an unused combo and refuses the active one or one in use', async () => {
      const { deps, state } = fakeManagementDeps();
      const service = createManagementService(deps);
      expect(await service.call('combos.remove', { name: 'work' })).toEqual({
        ok: false,
        error: {
          code: 'invalid_request',
          message: "Combo 'work' is active; activate another combo before removing it.",
        },
      });
      await service.call('combos.save', {
        name: 'outer',
        entries: [{ model: 'cheap' }],
        strategy: 'fallback',
      });
      expect(await service.call('combos.remove', { name: 'cheap' })).toEqual({
        ok: false,
        error: {
          code: 'invalid_request',
          message: "combo 'cheap' is listed by 'outer'; take it out of those first.",
        },
      });
      expect(await service.call('combos.remove', { name: 'nope' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect(await service.call('combos.remove', { name: 'outer' })).toMatchObject({
        ok: true,
        value: [{ name: 'work' }, { name: 'cheap' }],
      });
      expect(state.combos.map((combo) => combo.name)).toEqual(['work', 'cheap']);
    });

    it('lists served models, then combo names, for the picker', async () => {
      const service = createManagementService(fakeManagementDeps().deps);
      expect(await service.call('models.list', {})).toEqual({
        ok: true,
        value: ['a/gpt', 'a/mini', 'b/gpt', 'work', 'cheap'],
      });
    });
  });

  describe('accounts', () => {
    const setup = () => {
      const { deps, state, calls } = fakeManagementDeps();
      return { service: createManagementService(deps), state, calls };
    };

    it('enables, disables and reorders accounts, answering with fresh views', async () => {
      const { service, state } = setup();
      expect(
        await service.call('accounts.setEnabled', { accountId: 'a', enabled: false }),
      ).toMatchObject({
        ok: true,
        value: [
          { id: 'a', enabled: false },
          { id: 'b', enabled: true },
        ],
      });
      expect(
        await service.call('accounts.setPriority', { accountId: 'b', priority: -2 }),
      ).toMatchObject({
        ok: true,
        value: [{ id: 'a' }, { id: 'b', priority: -2 }],
      });
      expect(state.entries[1]?.priority).toBe(-2);
    });

    it('answers not_found for unknown accounts and writes nothing', async () => {
      const { service, state } = setup();
      const before = structuredClone(state.entries);
      for (const [method, req] of [
        ['accounts.setEnabled', { accountId: 'zz', enabled: true }],
        ['accounts.setPriority', { accountId: 'zz', priority: 1 }],
        ['accounts.remove', { accountId: 'zz' }],
      ] as const) {
        expect(await service.call(method, req), method).toMatchObject({
          ok: false,
          error: { code: 'not_found' },
        });
      }
      expect(state.entries).toEqual(before);
    });

    it('refuses fractional priorities', async () => {
      const { service } = setup();
      expect(
        await service.call('accounts.setPriority', { accountId: 'a', priority: 1.5 }),
      ).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    });

    it('adds an API-key account after checking the key, storing the key only as a secret', async () => {
      const { service, state, calls } = setup();
      const result = await service.call('accounts.addApiKey', {
        kind: 'deepseek',
        id: 'ds',
        prefix: 'deep',
        apiKey: 'sk-good',
      });
      expect(result).toMatchObject({ ok: true, value: [{ id: 'a' }, { id: 'b' }, { id: 'ds' }] });
      expect(JSON.stringify(result)).not.toContain('sk-good');
      expect(calls).toEqual(['verifyKey:ds', 'writeEntries']);
      expect(state.entries[2]).toMatchObject({
        id: 'ds',
        kind: 'deepseek',
        prefix: 'deep',
        enabled: true,
        hasApiKey: true,
      });
      expect(JSON.stringify(state.entries)).not.toContain('sk-good');
      expect(state.secrets.get('provider:ds')).toBe('sk-good');
    });

    it('defaults the id to the kind and the prefix to the id', async () => {
      const { service, state } = setup();
      await service.call('accounts.addApiKey', { kind: 'groq', apiKey: 'sk-g' });
      expect(state.entries[2]).toMatchObject({ id: 'groq', prefix: 'groq' });
    });

    it('refuses a key the upstream refuses with its reason, saving nothing', async () => {
      const { service, state } = setup();
      const result = await service.call('accounts.addApiKey', {
        kind: 'deepseek',
        apiKey: REFUSED_KEY,
      });
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'invalid_request',
          message: 'The provider refused this key: Incorrect API key provided. Nothing was saved.',
        },
      });
      expect(JSON.stringify(result)).not.toContain(REFUSED_KEY);
      expect(state.entries).toHaveLength(2);
      expect(state.secrets.has('provider:deepseek')).toBe(false);
    });

    it('saves nothing when the upstream cannot be reached, unless asked to save unchecked', async () => {
      const { service, state } = setup();
      const refused = await service.call('accounts.addApiKey', {
        kind: 'deepseek',
        apiKey: UNREACHABLE_KEY,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(!refused.ok && refused.error.message).toMatch(/could not be reached.*ECONNREFUSED/);
      expect(state.entries).toHaveLength(2);
      expect(state.secrets.has('provider:deepseek')).toBe(false);

      const saved = await service.call('accounts.addApiKey', {
        kind: 'deepseek',
        apiKey: UNREACHABLE_KEY,
        saveUnchecked: true,
      });
      expect(saved).toMatchObject({ ok: true });
      expect(state.secrets.get('provider:deepseek')).toBe(UNREACHABLE_KEY);
    });

    it('never saves a refused key, even when asked to save unchecked', async () => {
      const { service, state } = setup();
      expect(
        await service.call('accounts.addApiKey', {
          kind: 'deepseek',
          apiKey: REFUSED_KEY,
          saveUnchecked: true,
        }),
      ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(state.entries).toHaveLength(2);
    });

    it.each([
      [{ kind: 'nope', apiKey: 'k' }, 'Unknown kind "nope"'],
      [{ kind: 'cc', apiKey: 'k' }, 'switchyard login cc'],
      [{ kind: 'openai-responses', apiKey: 'k' }, 'base URL'],
      [{ kind: 'deepseek', id: 'Bad Id', apiKey: 'k' }, 'id: use lowercase'],
      [{ kind: 'deepseek', id: 'a', apiKey: 'k' }, 'An account "a" already exists'],
      [{ kind: 'deepseek', id: 'd2', prefix: 'a', apiKey: 'k' }, 'Prefix "a" is already used'],
    ])('refuses %j before asking the upstream', async (req, message) => {
      const { service, calls, state } = setup();
      const result = await service.call('accounts.addApiKey', req);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(!result.ok && result.error.message).toContain(message);
      expect(calls).toEqual([]);
      expect(state.entries).toHaveLength(2);
    });

    it('refuses a missing or empty key without echoing fields', async () => {
      const { service } = setup();
      expect(
        await service.call('accounts.addApiKey', { kind: 'deepseek', apiKey: ' ' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    });

    it('removes an account and every secret stored for it', async () => {
      const { service, state } = setup();
      state.secrets.set('oauth:a', 'tokens');
      expect(await service.call('accounts.remove', { accountId: 'a' })).toMatchObject({
        ok: true,
        value: [{ id: 'b' }],
      });
      expect(state.entries.map((entry) => entry.id)).toEqual(['b']);
      expect([...state.secrets.keys()]).toEqual([]);
    });

    it('lists the provider kinds, subscriptions marked', async () => {
      const { service } = setup();
      const result = await service.call('providers.kinds', {});
      const kinds = result.ok ? result.value : [];
      expect(kinds).toContainEqual(expect.objectContaining({ id: 'cc', signIn: true }));
      expect(kinds).toContainEqual(
        expect.objectContaining({ id: 'deepseek', signIn: false, termsRisk: 'none' }),
      );
      expect(kinds).toContainEqual(
        expect.objectContaining({ id: 'openai-responses', signIn: false }),
      );
    });

    it('keeps an existing account of the same kind and endpoint on a shared prefix', async () => {
      const { service, state } = setup();
      state.entries.push(fakeEntry('ds1', { kind: 'deepseek', prefix: 'ds' }));
      expect(
        await service.call('accounts.addApiKey', {
          kind: 'deepseek',
          id: 'ds2',
          prefix: 'ds',
          apiKey: 'k',
        }),
      ).toMatchObject({ ok: true });
      expect(state.entries.map((entry) => entry.id)).toEqual(['a', 'b', 'ds1', 'ds2']);
    });
  });
});
