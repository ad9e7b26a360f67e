import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isStorageError } from './errors.js';
import { defaultSettings, type Settings } from './settings-schema.js';
import { SettingsStore } from './settings-store.js';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function provider(id: string): Settings['providers'][number] {
  return {
    id,
    kind: 'openai',
    prefix: id,
    enabled: true,
    hasApiKey: false,
    createdAt: new Date().toISOString(),
  };
}

const waitFor = async (check: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('SettingsStore', () => {
  it('starts from defaults without a file and reports no problem', async () => {
    const dir = await tempDir();
    const store = await SettingsStore.open(dir);
    expect(store.get()).toEqual(defaultSettings());
    expect(store.problems).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes validated settings with mode 0600 and reads them back', async () => {
    const dir = await tempDir();
    const store = await SettingsStore.open(dir);
    await store.update((draft) => {
      draft.server.port = 3000;
    });
    expect(store.get().server.port).toBe(3000);
    const reopened = await SettingsStore.open(dir);
    expect(reopened.get().server.port).toBe(3000);
    if (process.platform !== 'win32') {
      expect((await stat(path.join(dir, 'settings.json'))).mode & 0o777).toBe(0o600);
    }
  });

  it('rejects a mutator result that fails the schema and writes nothing', async () => {
    const dir = await tempDir();
    const store = await SettingsStore.open(dir);
    await store.update((draft) => {
      draft.server.port = 4000;
    });
    const before = await readFile(path.join(dir, 'settings.json'), 'utf8');
    const error: unknown = await store
      .update((draft) => {
        draft.server.port = 70_000;
      })
      .catch((e: unknown) => e);
    expect(isStorageError(error) && error.code).toBe('settings_invalid');
    expect(isStorageError(error) && error.issues[0]?.path).toBe('server.port');
    expect(await readFile(path.join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(store.get().server.port).toBe(4000);
  });

  it('moves a corrupt file aside, keeps its content, starts from defaults and reports it', async () => {
    const dir = await tempDir();
    const garbage = '{"version": 1, "server": {"port": 3000,,, oops';
    await writeFile(path.join(dir, 'settings.json'), garbage);
    const now = () => new Date('2025-01-02T03:04:05.678Z');
    const store = await SettingsStore.open(dir, { now });
    expect(store.get()).toEqual(defaultSettings());
    expect(store.problems).toHaveLength(1);
    const problem = store.problems[0];
    expect(problem?.code).toBe('settings_corrupt');
    expect(problem?.movedTo).toBe(path.join(dir, 'settings.json.corrupt-2025-01-02T03-04-05-678Z'));
    expect(problem?.detail).toMatch(/JSON/);
    expect(await readFile(problem?.movedTo ?? '', 'utf8')).toBe(garbage);
    expect(await readdir(dir)).not.toContain('settings.json');
  });

  it('treats a schema failure as corrupt too, never resetting it silently', async () => {
    const dir = await tempDir();
    const bad = JSON.stringify({ version: 2, providers: 'nope' });
    await writeFile(path.join(dir, 'settings.json'), bad);
    const store = await SettingsStore.open(dir);
    expect(store.problems[0]?.detail).toMatch(/schema/);
    expect(await readFile(store.problems[0]?.movedTo ?? '', 'utf8')).toBe(bad);
  });

  it('lands every one of 20 concurrent updates from two instances', async () => {
    const dir = await tempDir();
    const [a, b] = await Promise.all([SettingsStore.open(dir), SettingsStore.open(dir)]);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).update((draft) => {
          draft.providers.push(provider(`p${i}`));
        }),
      ),
    );
    const final = await SettingsStore.open(dir);
    expect(
      final
        .get()
        .providers.map((p) => p.id)
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`).sort());
  });

  it('lands every update when another process writes at the same time', async () => {
    const dir = await tempDir();
    const moduleUrl = pathToFileURL(path.join(repoRoot, 'core/storage/settings-store.ts')).href;
    const script = path.join(dir, 'child.mjs');
    await writeFile(
      script,
      `const { SettingsStore } = await import(${JSON.stringify(moduleUrl)});
const store = await SettingsStore.open(process.argv[2]);
await Promise.all(Array.from({ length: 15 }, (_, i) => store.update((draft) => {
  draft.providers.push({ id: 'child' + i, kind: 'openai', prefix: 'child' + i, enabled: true,
    hasApiKey: false, createdAt: new Date().toISOString() });
})));`,
    );
    const store = await SettingsStore.open(dir);
    let childDone = false;
    const child = run(process.execPath, ['--import', 'tsx', script, dir], { cwd: repoRoot });
    void child.finally(() => (childDone = true)).catch(() => undefined);
    // Keep writing for as long as the child runs, so the two really contend.
    let written = 0;
    while (!childDone || written < 15) {
      const id = `parent${written}`;
      await store.update((draft) => {
        draft.providers.push(provider(id));
      });
      written += 1;
    }
    await child;
    const ids = (await store.reload()).providers.map((p) => p.id);
    expect(ids.filter((id) => id.startsWith('child'))).toHaveLength(15);
    expect(ids).toHaveLength(written + 15);
    expect(new Set(ids).size).toBe(ids.length);
  }, 30_000);

  it('reloads and notifies when another instance changes the file', async () => {
    const dir = await tempDir();
    const watcher = await SettingsStore.open(dir, { debounceMs: 10, pollMs: 50 });
    const writer = await SettingsStore.open(dir);
    const seen: number[] = [];
    const unsubscribe = watcher.onChange((settings) => seen.push(settings.server.port));
    watcher.watch();
    try {
      await writer.update((draft) => {
        draft.server.port = 5555;
      });
      await waitFor(() => watcher.get().server.port === 5555);
      expect(seen).toContain(5555);
      unsubscribe();
      await writer.update((draft) => {
        draft.server.port = 6666;
      });
      await waitFor(() => watcher.get().server.port === 6666);
      expect(seen).not.toContain(6666);
    } finally {
      watcher.close();
    }
  });

  it('reports a corrupt file written while watching', async () => {
    const dir = await tempDir();
    const store = await SettingsStore.open(dir, { debounceMs: 10, pollMs: 50 });
    const problems: string[] = [];
    store.onProblem((problem) => problems.push(problem.code));
    store.watch();
    try {
      await writeFile(path.join(dir, 'settings.json'), 'not json');
      await waitFor(() => problems.length > 0);
      expect(store.problems[0]?.code).toBe('settings_corrupt');
    } finally {
      store.close();
    }
  });
});
