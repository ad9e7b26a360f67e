import { describe, expect, it, onTestFinished } from 'vitest';
import { SettingsStore } from '../storage/settings-store.js';
import { cli, tempDir, type Run } from './cli-test-helpers.js';

/** A data dir with providers `ds` and `ollama` configured, so their prefixes are known. */
async function withProviders(): Promise<string> {
  const dir = await tempDir();
  expect((await cli(dir, ['provider', 'add', 'ollama', '--kind', 'ollama'])).code).toBe(0);
  expect((await cli(dir, ['provider', 'add', 'ds', '--kind', 'deepseek'])).code).toBe(0);
  return dir;
}

async function savedCombos(dir: string) {
  const store = await SettingsStore.open(dir);
  onTestFinished(() => store.close());
  return store.get();
}

function errorOf(run: Run): { code: string; message: string } {
  return (JSON.parse(run.stderr) as { error: { code: string; message: string } }).error;
}

describe('switchyard combo set', () => {
  it('creates a fallback combo by default and replaces it in place', async () => {
    const dir = await withProviders();
    const created = await cli(dir, ['combo', 'set', 'fast', 'ds/deepseek-chat', 'ollama/qwen3']);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain(
      "Created combo 'fast' (fallback): ds/deepseek-chat, ollama/qwen3",
    );
    expect(created.stdout).toContain('switchyard combo activate fast');

    const replaced = await cli(dir, [
      'combo',
      'set',
      'fast',
      'ollama/qwen3',
      'ds/deepseek-chat',
      '--strategy',
      'round-robin',
      '--json',
    ]);
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout)).toEqual({
      combo: {
        name: 'fast',
        strategy: 'round-robin',
        entries: [
          { model: 'ollama/qwen3', weight: 1 },
          { model: 'ds/deepseek-chat', weight: 1 },
        ],
        active: false,
      },
      replaced: true,
    });
    const { combos } = await savedCombos(dir);
    expect(combos).toHaveLength(1);
    expect(combos[0]?.strategy).toBe('round-robin');
  });

  it('stores weights, one per entry', async () => {
    const dir = await withProviders();
    const run = await cli(dir, [
      'combo',
      'set',
      'mix',
      'ds/a',
      'ollama/b',
      '--strategy',
      'weighted',
      '--weights',
      '3, 0.5',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ds/a (3), ollama/b (0.5)');
    expect((await savedCombos(dir)).combos[0]?.entries.map((e) => e.weight)).toEqual([3, 0.5]);

    const count = await cli(dir, ['combo', 'set', 'mix', 'ds/a', 'ollama/b', '--weights', '1']);
    expect(count.code).toBe(1);
    expect(count.stderr).toMatch(/--weights: 1 weight\(s\) for 2 entries/);
    const negative = await cli(dir, [
      'combo',
      'set',
      'm',
      'ds/a',
      'ds/b',
      '--weights',
      '2,0',
      '--json',
    ]);
    expect(errorOf(negative)).toEqual({
      code: 'invalid_argument',
      message: "--weights: '0' is not a positive number",
    });
  });

  it('warns when weights are given to a strategy that ignores them', async () => {
    const dir = await withProviders();
    const run = await cli(dir, ['combo', 'set', 'f', 'ds/a', '--weights', '2', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stderr)).toMatchObject({ warning: { code: 'weights_ignored' } });
  });

  it('warns about a prefix no provider has, but saves the combo', async () => {
    const dir = await withProviders();
    const run = await cli(dir, ['combo', 'set', 'f', 'ds/a', 'zz/b']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^warning: no configured provider has prefix 'zz' \(entry 'zz\/b'\)/,
    );
    expect(run.stderr).not.toContain("'ds'");
    const json = await cli(dir, ['combo', 'set', 'g', 'zz/b', '--json']);
    expect(JSON.parse(json.stderr)).toMatchObject({ warning: { code: 'unknown_prefix' } });
  });

  it('nests combos and rejects unknown ones', async () => {
    const dir = await withProviders();
    await cli(dir, ['combo', 'set', 'cheap', 'ollama/qwen3']);
    expect((await cli(dir, ['combo', 'set', 'main', 'ds/a', 'cheap'])).code).toBe(0);
    const unknown = await cli(dir, ['combo', 'set', 'other', 'ds/a', 'pricey', '--json']);
    expect(unknown.code).toBe(1);
    expect(errorOf(unknown)).toEqual({
      code: 'unknown_combo',
      message:
        "cannot save combo 'other': unknown combo 'pricey' (models are written prefix/model)",
    });
    expect((await savedCombos(dir)).combos.map((c) => c.name)).toEqual(['cheap', 'main']);
  });

  it('rejects loops, direct and indirect, and leaves the settings as they were', async () => {
    const dir = await withProviders();
    await cli(dir, ['combo', 'set', 'a', 'ds/x']);
    await cli(dir, ['combo', 'set', 'b', 'a']);
    await cli(dir, ['combo', 'set', 'c', 'b']);
    const self = await cli(dir, ['combo', 'set', 'a', 'ds/x', 'a', '--json']);
    expect(errorOf(self).code).toBe('combo_cycle');
    const loop = await cli(dir, ['combo', 'set', 'a', 'ds/x', 'c']);
    expect(loop.code).toBe(1);
    expect(loop.stderr).toBe(
      "switchyard: cannot save combo 'a': combos would loop: a → c → b → a\n",
    );
    expect((await savedCombos(dir)).combos[0]?.entries).toEqual([{ model: 'ds/x', weight: 1 }]);
  });

  it('rejects bad names, strategies, entries and missing arguments', async () => {
    const dir = await withProviders();
    const name = await cli(dir, ['combo', 'set', 'Fast', 'ds/a', '--json']);
    expect(errorOf(name).code).toBe('invalid_argument');
    expect(errorOf(name).message).toMatch(/^<name>: use lowercase/);
    const slash = await cli(dir, ['combo', 'set', 'ds/a', 'ds/b']);
    expect(slash.stderr).toMatch(/<name>: .*no \//);
    const reserved = await cli(dir, ['combo', 'set', 'auto', 'ds/a']);
    expect(reserved.stderr).toMatch(/'auto' is reserved/);
    const strategy = await cli(dir, ['combo', 'set', 'f', 'ds/a', '--strategy', 'random']);
    expect(strategy.stderr).toMatch(/--strategy: expected one of fallback, round-robin, weighted/);
    const entry = await cli(dir, ['combo', 'set', 'f', 'ds/', '--json']);
    expect(errorOf(entry)).toMatchObject({ code: 'invalid_argument' });
    const twice = await cli(dir, ['combo', 'set', 'f', 'ds/a', 'ds/a']);
    expect(twice.stderr).toMatch(/'ds\/a' is listed more than once/);
    const missing = await cli(dir, ['combo', 'set', 'f']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing argument; usage: switchyard combo set/);
    expect((await savedCombos(dir)).combos).toEqual([]);
  });
});

describe('switchyard combo list', () => {
  it('says how to start when there are no combos', async () => {
    const dir = await tempDir();
    const text = await cli(dir, ['combo', 'list']);
    expect(text.stdout).toContain('No combos. Create one with: switchyard combo set');
    const json = await cli(dir, ['combo', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ combos: [], activeCombo: null });
  });

  it('shows strategy and entries and marks the active combo', async () => {
    const dir = await withProviders();
    await cli(dir, ['combo', 'set', 'cheap', 'ollama/qwen3', 'ds/a', '--strategy', 'round-robin']);
    await cli(dir, ['combo', 'set', 'main', 'ds/b', 'cheap']);
    const inactive = await cli(dir, ['combo', 'list']);
    expect(inactive.stdout).toContain('No combo is active');
    await cli(dir, ['combo', 'activate', 'main']);

    const text = await cli(dir, ['combo', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').slice(0, 3)).toEqual([
      'ACTIVE  NAME   STRATEGY     ENTRIES',
      '        cheap  round-robin  ollama/qwen3, ds/a',
      '*       main   fallback     ds/b, cheap',
    ]);
    expect(text.stdout).not.toContain('No combo is active');

    const json = JSON.parse((await cli(dir, ['combo', 'list', '--json'])).stdout) as {
      combos: { name: string; active: boolean; strategy: string }[];
      activeCombo: string | null;
    };
    expect(json.activeCombo).toBe('main');
    expect(json.combos.map(({ name, active, strategy }) => ({ name, active, strategy }))).toEqual([
      { name: 'cheap', active: false, strategy: 'round-robin' },
      { name: 'main', active: true, strategy: 'fallback' },
    ]);
  });

  it('warns when the active combo named in the file does not exist', async () => {
    const dir = await tempDir();
    const store = await SettingsStore.open(dir);
    await store.update((draft) => {
      draft.routing.activeCombo = 'gone';
    });
    store.close();
    const run = await cli(dir, ['combo', 'list', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stderr)).toMatchObject({ warning: { code: 'active_combo_missing' } });
  });
});

describe('switchyard combo activate', () => {
  it('activates a combo, and a server’s store sees it on its next reload', async () => {
    const dir = await withProviders();
    await cli(dir, ['combo', 'set', 'fast', 'ds/a']);
    const server = await SettingsStore.open(dir);
    onTestFinished(() => server.close());
    expect(server.get().routing.activeCombo).toBeUndefined();

    const run = await cli(dir, ['combo', 'activate', 'fast']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain("Combo 'fast' is active");
    expect((await server.reload()).routing.activeCombo).toBe('fast');

    const cleared = await cli(dir, ['combo', 'activate', '--none', '--json']);
    expect(JSON.parse(cleared.stdout)).toEqual({ activeCombo: null });
    expect((await server.reload()).routing).not.toHaveProperty('activeCombo');
  });

  it('names the known combos when the name is unknown, and needs exactly one of name or --none', async () => {
    const dir = await withProviders();
    await cli(dir, ['combo', 'set', 'fast', 'ds/a']);
    const unknown = await cli(dir, ['combo', 'activate', 'slow', '--json']);
    expect(unknown.code).toBe(1);
    expect(errorOf(unknown)).toEqual({
      code: 'not_found',
      message: "no combo named 'slow'; combos: fast",
    });
    expect((await cli(dir, ['combo', 'activate'])).code).toBe(2);
    expect((await cli(dir, ['combo', 'activate', 'fast', '--none'])).code).toBe(2);
    expect((await savedCombos(dir)).routing.activeCombo).toBeUndefined();
  });
});

describe('switchyard combo remove', () => {
  it('refuses to remove a combo another combo lists, naming it', async () => {
    const dir = await withProviders();
    await cli(dir, ['combo', 'set', 'cheap', 'ollama/qwen3']);
    await cli(dir, ['combo', 'set', 'main', 'ds/a', 'cheap']);
    await cli(dir, ['combo', 'set', 'alt', 'cheap']);
    const refused = await cli(dir, ['combo', 'remove', 'cheap', '--json']);
    expect(refused.code).toBe(1);
    expect(errorOf(refused)).toEqual({
      code: 'combo_in_use',
      message: "combo 'cheap' is listed by 'main', 'alt'; take it out of those first",
    });
    expect((await savedCombos(dir)).combos).toHaveLength(3);
  });

  it('removes a combo and clears it when it was active', async () => {
    const dir = await withProviders();
    await cli(dir, ['combo', 'set', 'fast', 'ds/a']);
    await cli(dir, ['combo', 'set', 'slow', 'ds/b']);
    await cli(dir, ['combo', 'activate', 'fast']);

    const other = await cli(dir, ['combo', 'remove', 'slow', '--json']);
    expect(JSON.parse(other.stdout)).toEqual({ removed: 'slow', deactivated: false });
    expect((await savedCombos(dir)).routing.activeCombo).toBe('fast');

    const active = await cli(dir, ['combo', 'remove', 'fast']);
    expect(active.code).toBe(0);
    expect(active.stdout).toContain("Removed combo 'fast'\nIt was active");
    const settings = await savedCombos(dir);
    expect(settings.combos).toEqual([]);
    expect(settings.routing.activeCombo).toBeUndefined();

    const again = await cli(dir, ['combo', 'remove', 'fast', '--json']);
    expect(errorOf(again)).toEqual({ code: 'not_found', message: "no combo named 'fast'" });
  });
});

describe('switchyard combo help', () => {
  it('lists the combo commands and their options', async () => {
    const dir = await tempDir();
    const top = await cli(dir, ['--help']);
    expect(top.stdout).toMatch(/combo set .*\n.*combo list/);
    const group = await cli(dir, ['combo']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('combo set, combo list, combo activate, combo remove');
    const set = await cli(dir, ['combo', 'set', '--help']);
    expect(set.stdout).toContain('--weights 3,1');
    expect(set.stdout).toContain('round-robin: each request starts one entry further');
  });
});
