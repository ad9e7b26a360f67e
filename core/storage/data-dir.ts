/** Where Switchyard keeps its files: flag, then environment, then the OS per-user app-data folder. */
import { mkdir, chmod } from 'node:fs/promises';
import path from 'node:path';

export const DATA_DIR_ENV = 'SWITCHYARD_DATA_DIR';
/** One lock for every read-modify-write in the data dir (settings and secrets). */
export const DATA_DIR_LOCK_FILE = '.switchyard.lock';

export function dataDirLockPath(dataDir: string): string {
  return path.join(dataDir, DATA_DIR_LOCK_FILE);
}

export interface DataDirInput {
  /** The `--data-dir` flag, when given. */
  flag?: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  home: string;
}

/** Pure: computes the data dir's absolute path without touching the disk. */
export function resolveDataDir(input: DataDirInput): string {
  const paths = input.platform === 'win32' ? path.win32 : path.posix;
  const explicit = nonEmpty(input.flag) ?? nonEmpty(input.env[DATA_DIR_ENV]);
  if (explicit !== undefined) return paths.resolve(explicit);

  switch (input.platform) {
    case 'win32': {
      const appData =
        nonEmpty(input.env['APPDATA']) ?? paths.join(input.home, 'AppData', 'Roaming');
      return paths.join(appData, 'Switchyard');
    }
    case 'darwin':
      return paths.join(input.home, 'Library', 'Application Support', 'Switchyard');
    default: {
      // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
      const xdg = nonEmpty(input.env['XDG_CONFIG_HOME']);
      const base =
        xdg !== undefined && paths.isAbsolute(xdg) ? xdg : paths.join(input.home, '.config');
      return paths.join(base, 'switchyard');
    }
  }
}

/** Creates the data dir (and parents) readable by the current user only; returns it. */
export async function ensureDataDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing dir's mode alone and the umask can narrow a new one; be explicit.
  if (process.platform !== 'win32') await chmod(dir, 0o700);
  return dir;
}

/** Resolves and creates the data dir in one step. */
export async function openDataDir(input: DataDirInput): Promise<string> {
  return ensureDataDir(resolveDataDir(input));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
