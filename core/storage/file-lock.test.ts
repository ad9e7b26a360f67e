import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isStorageError } from './errors.js';
import { isProcessAlive, withFileLock } from './file-lock.js';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withFileLock', () => {
  it('runs critical sections one at a time and always releases', async () => {
    const lock = path.join(await tempDir(), '.lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withFileLock(lock, async () => {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          await sleep(2);
          inside -= 1;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    await expect(withFileLock(lock, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await readdir(path.dirname(lock))).toEqual([]);
  });

  it('lets a nested call for the same lock through instead of deadlocking', async () => {
    const lock = path.join(await tempDir(), '.lock');
    const result = await withFileLock(lock, () => withFileLock(lock, () => 42));
    expect(result).toBe(42);
  });

  it('waits for a lock held by a live process, then times out with a typed error', async () => {
    const lock = path.join(await tempDir(), '.lock');
    const owner = { pid: process.pid, host: os.hostname(), token: 'other', createdAt: '' };
    await writeFile(lock, JSON.stringify(owner));
    const error: unknown = await withFileLock(lock, () => 1, { timeoutMs: 60 }).catch((e) => e);
    expect(isStorageError(error) && error.code).toBe('lock_timeout');
  });

  it('takes over a lock whose owner process is dead', async () => {
    const lock = path.join(await tempDir(), '.lock');
    const owner = { pid: 999_999_999, host: os.hostname(), token: 'dead', createdAt: '' };
    await writeFile(lock, JSON.stringify(owner));
    expect(isProcessAlive(999_999_999)).toBe(false);
    expect(await withFileLock(lock, () => 'got it', { timeoutMs: 1000 })).toBe('got it');
    expect(await readdir(path.dirname(lock))).toEqual([]);
  });

  it('takes over a lock that has not been refreshed for staleMs, even from a live pid', async () => {
    const lock = path.join(await tempDir(), '.lock');
    const owner = { pid: process.pid, host: os.hostname(), token: 'old', createdAt: '' };
    await writeFile(lock, JSON.stringify(owner));
    const past = new Date(Date.now() - 60_000);
    await utimes(lock, past, past);
    expect(await withFileLock(lock, () => 'got it', { staleMs: 5_000, timeoutMs: 1000 })).toBe(
      'got it',
    );
  });

  it('does not take over a fresh lock from another host', async () => {
    const lock = path.join(await tempDir(), '.lock');
    const owner = { pid: 999_999_999, host: 'elsewhere', token: 'x', createdAt: '' };
    await writeFile(lock, JSON.stringify(owner));
    const error: unknown = await withFileLock(lock, () => 1, { timeoutMs: 50 }).catch((e) => e);
    expect(isStorageError(error) && error.code).toBe('lock_timeout');
  });

  it('yields to a waiter that has claimed the next turn, unless that waiter is gone', async () => {
    const lock = path.join(await tempDir(), '.lock');
    const claim = (pid: number) =>
      writeFile(`${lock}.next`, JSON.stringify({ pid, host: os.hostname(), token: 't' }));
    await claim(process.pid);
    const error: unknown = await withFileLock(lock, () => 1, { timeoutMs: 50 }).catch((e) => e);
    expect(isStorageError(error) && error.code).toBe('lock_timeout');
    await claim(999_999_999);
    expect(await withFileLock(lock, () => 'ok', { timeoutMs: 1000 })).toBe('ok');
    expect(await readdir(path.dirname(lock))).toEqual([]);
  });
});
