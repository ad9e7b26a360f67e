/**
 * A cross-process lock for read-modify-write on the data dir. The lock is a
 * file created with O_EXCL holding the owner's pid, host and start time; a
 * lock whose owner is dead, or which has not been refreshed for `staleMs`, is
 * taken over. A waiter that has waited a while claims the next turn (a second
 * O_EXCL file, `<lock>.next`) so a busy process cannot starve another.
 * Same-process callers queue in memory first, and a nested call for a lock
 * this async context already holds runs straight through.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import os from 'node:os';
import { StorageError, errnoCode } from './errors.js';

export interface FileLockOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** A lock not refreshed for this long is stale (default 10 s); holders refresh it. */
  staleMs?: number;
  /** First retry delay; doubles up to 50 ms (default 5 ms). */
  retryMs?: number;
  isProcessAlive?: (pid: number) => boolean;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  createdAt: string;
}

/** How long a waiter competes normally before it claims the next turn. */
const TURN_AFTER_MS = 100;

const held = new AsyncLocalStorage<ReadonlySet<string>>();
const queues = new Map<string, Promise<void>>();

export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T> | T,
  options: FileLockOptions = {},
): Promise<T> {
  if (held.getStore()?.has(lockPath) === true) return fn();

  // Queue same-process callers so they do not spin on the lock file against each other.
  const previous = queues.get(lockPath) ?? Promise.resolve();
  let releaseQueue!: () => void;
  const mine = new Promise<void>((resolve) => (releaseQueue = resolve));
  const tail = previous.then(() => mine);
  queues.set(lockPath, tail);
  await previous;
  try {
    const token = await acquire(lockPath, options);
    const staleMs = options.staleMs ?? 10_000;
    const heartbeat = setInterval(
      () => {
        const now = new Date();
        utimes(lockPath, now, now).catch(() => undefined);
      },
      Math.max(10, Math.floor(staleMs / 3)),
    );
    heartbeat.unref();
    try {
      const outer = held.getStore() ?? new Set<string>();
      return await held.run(new Set([...outer, lockPath]), fn);
    } finally {
      clearInterval(heartbeat);
      await release(lockPath, token);
    }
  } finally {
    releaseQueue();
    if (queues.get(lockPath) === tail) queues.delete(lockPath);
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const started = Date.now();
  let delay = options.retryMs ?? 5;
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    token: randomBytes(12).toString('hex'),
    createdAt: new Date().toISOString(),
  };
  const turnPath = `${lockPath}.next`;
  let holdsTurn = false;

  try {
    for (;;) {
      if (holdsTurn) {
        const now = new Date();
        await utimes(turnPath, now, now).catch(() => undefined);
      }
      if (
        (holdsTurn || !(await someoneElseHasTurn(turnPath, owner, options))) &&
        (await tryCreate(lockPath, owner))
      ) {
        return owner.token;
      }
      await takeOverIfStale(lockPath, options);
      const waited = Date.now() - started;
      if (waited >= timeoutMs) {
        throw new StorageError('lock_timeout', `could not lock ${lockPath} within ${timeoutMs} ms`);
      }
      // A caller that has waited a while claims the next turn, so a busy neighbour
      // that keeps re-locking cannot starve it.
      if (!holdsTurn && waited >= TURN_AFTER_MS) holdsTurn = await tryCreate(turnPath, owner);
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 50);
    }
  } finally {
    if (holdsTurn) await unlink(turnPath).catch(() => undefined);
  }
}

/** True when another live waiter has claimed the next turn. */
async function someoneElseHasTurn(
  turnPath: string,
  owner: LockOwner,
  options: FileLockOptions,
): Promise<boolean> {
  const seen = await readOwner(turnPath);
  if (seen === 'missing' || seen.owner?.token === owner.token) return false;
  if (!isStale(seen, options)) return true;
  await unlink(turnPath).catch(() => undefined);
  return false;
}

async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  return true;
}

async function takeOverIfStale(lockPath: string, options: FileLockOptions): Promise<void> {
  const seen = await readOwner(lockPath);
  if (seen === 'missing' || !isStale(seen, options)) return;

  // Move the stale lock aside atomically, then check it was the one we judged: another
  // process may have taken over and re-locked between our read and our rename.
  const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readOwner(aside);
  if (moved !== 'missing' && moved.owner?.token !== seen.owner?.token) {
    // We moved a live lock: put it back unless someone has locked again meanwhile.
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

interface SeenLock {
  owner: LockOwner | undefined;
  ageMs: number;
}

async function readOwner(lockPath: string): Promise<SeenLock | 'missing'> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    return { owner: parseOwner(text), ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 'missing';
    throw error;
  }
}

function isStale(seen: SeenLock, options: FileLockOptions): boolean {
  if (seen.ageMs > (options.staleMs ?? 10_000)) return true;
  // An empty or unreadable lock may be mid-write by its creator; only age can condemn it.
  if (seen.owner === undefined || seen.owner.host !== os.hostname()) return false;
  return !(options.isProcessAlive ?? isProcessAlive)(seen.owner.pid);
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host, token, createdAt } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof token !== 'string') {
      return undefined;
    }
    return { pid, host, token, createdAt: typeof createdAt === 'string' ? createdAt : '' };
  } catch {
    return undefined;
  }
}

async function release(lockPath: string, token: string): Promise<void> {
  const seen = await readOwner(lockPath).catch(() => 'missing' as const);
  // If our lock was taken over as stale, the file now belongs to someone else.
  if (seen === 'missing' || seen.owner?.token !== token) return;
  await unlink(lockPath).catch(() => undefined);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errnoCode(error) === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
