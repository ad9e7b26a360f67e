/**
 * Whole-file writes that either land completely or not at all: write a temp
 * file beside the target, fsync it, rename it over the target, fsync the dir.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { errnoCode } from './errors.js';

/** The fs calls the writer makes; tests pass a failing one to simulate a crash. */
export type AtomicFs = Pick<typeof fsp, 'open' | 'rename' | 'unlink'>;

export interface AtomicWriteOptions {
  /** File mode for the new file (default 0o600). */
  mode?: number;
  fs?: AtomicFs;
}

export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const fs = options.fs ?? fsp;
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(target);
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );

  let committed = false;
  try {
    const handle = await fs.open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      // The umask may have narrowed the mode at creation; set it exactly.
      if (process.platform !== 'win32') await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(fs, temp, target);
    committed = true;
  } finally {
    if (!committed) await fs.unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dir);
}

/**
 * On Windows a rename over a file another process has open fails briefly with
 * EPERM/EACCES/EBUSY (a reader, an antivirus scan); a few short retries ride it out.
 */
async function renameWithRetry(fs: AtomicFs, from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const transient = ['EPERM', 'EACCES', 'EBUSY'].includes(errnoCode(error) ?? '');
      if (!transient || process.platform !== 'win32' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 20));
    }
  }
}

/** Makes the rename durable; a no-op where directories cannot be opened (Windows). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM/EINVAL on platforms without directory fsync: the rename already happened.
  } finally {
    await handle?.close();
  }
}
