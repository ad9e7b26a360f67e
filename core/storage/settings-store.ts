/**
 * The one settings store: `<dataDir>/settings.json`, validated on every load
 * and write, updated under the data-dir lock so the CLI and a running server
 * can both change it. A file that fails to parse is moved aside and reported,
 * never silently replaced.
 */
import { watch as watchDir, type FSWatcher } from 'node:fs';
import { readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { dataDirLockPath } from './data-dir.js';
import { StorageError, errnoCode } from './errors.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import { defaultSettings, settingsSchema, type Settings } from './settings-schema.js';

export const SETTINGS_FILE = 'settings.json';

export interface SettingsProblem {
  code: 'settings_corrupt';
  /** Where the unreadable file now lives, with its content intact. */
  movedTo: string;
  /** Why it was rejected (a JSON syntax error or schema issues). */
  detail: string;
}

/** Returns a new value, or edits the draft in place and returns nothing. */
export type SettingsMutator = (draft: Settings) => Settings | void | Promise<Settings | void>;

export interface SettingsStoreOptions {
  lock?: FileLockOptions;
  /** Quiet period before a detected file change is reloaded (default 50 ms). */
  debounceMs?: number;
  /** Interval of the mtime check that backs up fs.watch (default 1000 ms). */
  pollMs?: number;
  now?: () => Date;
}

type ChangeListener = (settings: Settings) => void;
type ProblemListener = (problem: SettingsProblem) => void;

type ReadResult = { settings: Settings } | { invalid: string };

export class SettingsStore {
  readonly dataDir: string;
  readonly path: string;
  private readonly lockPath: string;
  private current: Settings;
  private serialized: string;
  private fileSignature = '';
  private readonly found: SettingsProblem[] = [];
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly problemListeners = new Set<ProblemListener>();
  private queue: Promise<unknown> = Promise.resolve();
  private watcher: FSWatcher | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;

  private constructor(
    dataDir: string,
    private readonly options: SettingsStoreOptions,
  ) {
    this.dataDir = dataDir;
    this.path = path.join(dataDir, SETTINGS_FILE);
    this.lockPath = dataDirLockPath(dataDir);
    this.current = defaultSettings();
    this.serialized = serialize(this.current);
  }

  /** Loads the settings; the data dir must exist (see `ensureDataDir`). */
  static async open(dataDir: string, options: SettingsStoreOptions = {}): Promise<SettingsStore> {
    const store = new SettingsStore(dataDir, options);
    await store.reload();
    return store;
  }

  get(): Settings {
    return this.current;
  }

  /** Problems found since open, oldest first (e.g. a corrupt file moved aside). */
  get problems(): readonly SettingsProblem[] {
    return this.found;
  }

  /**
   * Re-reads the file under the lock, applies the mutator to a copy, validates
   * and writes atomically. An invalid result throws `settings_invalid` and
   * writes nothing.
   */
  update(mutator: SettingsMutator): Promise<Settings> {
    return this.serially(() =>
      withFileLock(
        this.lockPath,
        async () => {
          const fresh = await this.readOrRecover();
          const draft = structuredClone(fresh);
          const returned = await mutator(draft);
          const next = validate(returned ?? draft);
          const text = serialize(next);
          await writeFileAtomic(this.path, text, { mode: 0o600 });
          this.fileSignature = await this.signature();
          this.adopt(next, text);
          return next;
        },
        this.options.lock,
      ),
    );
  }

  /** Reads the file again and notifies listeners when it differs from memory. */
  reload(): Promise<Settings> {
    return this.serially(async () => {
      const signature = await this.signature();
      let result = await this.read();
      if ('invalid' in result) {
        // Recheck under the lock: only move aside a file no writer is replacing.
        result = {
          settings: await withFileLock(
            this.lockPath,
            () => this.readOrRecover(),
            this.options.lock,
          ),
        };
      }
      this.fileSignature = signature;
      this.adopt(result.settings, serialize(result.settings));
      return this.current;
    });
  }

  /** Follows changes other processes make: fs.watch on the dir plus a cheap mtime poll. */
  watch(): void {
    if (this.pollTimer !== undefined) return;
    try {
      this.watcher = watchDir(this.dataDir, (_event, filename) => {
        if (filename === null || filename === SETTINGS_FILE) this.scheduleReload();
      });
      this.watcher.on('error', () => this.stopWatcher());
      this.watcher.unref();
    } catch {
      // Some filesystems cannot be watched; the poll below still notices changes.
    }
    this.pollTimer = setInterval(() => {
      void this.signature().then((signature) => {
        if (signature !== this.fileSignature) this.scheduleReload();
      });
    }, this.options.pollMs ?? 1000);
    this.pollTimer.unref();
  }

  onChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onProblem(listener: ProblemListener): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  close(): void {
    this.stopWatcher();
    clearInterval(this.pollTimer);
    clearTimeout(this.debounceTimer);
    this.pollTimer = undefined;
    this.changeListeners.clear();
    this.problemListeners.clear();
  }

  private stopWatcher(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private scheduleReload(): void {
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      // A failed reload keeps the last good settings; the next change retries.
      this.reload().catch(() => undefined);
    }, this.options.debounceMs ?? 50);
    this.debounceTimer.unref();
  }

  /** Runs reads and writes of this instance one at a time, so a slow read never wins. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private adopt(next: Settings, text: string): void {
    this.current = next;
    if (text === this.serialized) return;
    this.serialized = text;
    for (const listener of this.changeListeners) listener(next);
  }

  private async read(): Promise<ReadResult> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return { settings: defaultSettings() };
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return {
        invalid: `not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`,
      };
    }
    const parsed = settingsSchema.safeParse(value);
    if (!parsed.success) return { invalid: `fails the schema: ${describeIssues(parsed.error)}` };
    return { settings: parsed.data };
  }

  /** Must run under the lock: moves an invalid file aside and starts from defaults. */
  private async readOrRecover(): Promise<Settings> {
    const result = await this.read();
    if ('settings' in result) return result.settings;
    const movedTo = await this.moveAside();
    const problem: SettingsProblem = { code: 'settings_corrupt', movedTo, detail: result.invalid };
    this.found.push(problem);
    for (const listener of this.problemListeners) listener(problem);
    return defaultSettings();
  }

  private async moveAside(): Promise<string> {
    const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    for (let attempt = 0; ; attempt += 1) {
      const movedTo = `${this.path}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
      const taken = await stat(movedTo).then(
        () => true,
        () => false,
      );
      if (taken) continue;
      await rename(this.path, movedTo);
      return movedTo;
    }
  }

  private async signature(): Promise<string> {
    try {
      const info = await stat(this.path);
      return `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }
}

function validate(value: unknown): Settings {
  const parsed = settingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new StorageError('settings_invalid', `settings rejected: ${describeIssues(parsed.error)}`, {
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  });
}

function describeIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function serialize(settings: Settings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}
