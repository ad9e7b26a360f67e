import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { writeFileAtomic, type AtomicFs } from './atomic-file.js';

async function tempDir(): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(tmpdir(), 'switchyard-'));
  onTestFinished(() => fsp.rm(dir, { recursive: true, force: true }));
  return dir;
}

/** An fs whose file handles write the first half of the data and then fail. */
function crashingWriter(): AtomicFs {
  return {
    rename: fsp.rename,
    unlink: fsp.unlink,
    open: (async (file: string, flags: string, mode: number) => {
      const handle = await fsp.open(file, flags, mode);
      return new Proxy(handle, {
        get(target, property, receiver) {
          if (property === 'writeFile') {
            return async (data: string) => {
              await target.writeFile(data.slice(0, Math.floor(data.length / 2)));
              throw new Error('simulated crash mid-write');
            };
          }
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }) as AtomicFs['open'],
  };
}

describe('writeFileAtomic', () => {
  it('writes the whole file with the requested mode', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, '{"a":1}', { mode: 0o600 });
    expect(await fsp.readFile(file, 'utf8')).toBe('{"a":1}');
    if (process.platform !== 'win32') expect((await fsp.stat(file)).mode & 0o777).toBe(0o600);
    await writeFileAtomic(file, '{"a":2}');
    expect(await fsp.readFile(file, 'utf8')).toBe('{"a":2}');
    expect(await fsp.readdir(dir)).toEqual(['a.json']);
  });

  it('leaves the old content and no temp file when the writer fails midway', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'settings.json');
    await writeFileAtomic(file, 'old complete content');
    await expect(
      writeFileAtomic(file, 'new content that never fully lands', { fs: crashingWriter() }),
    ).rejects.toThrow('simulated crash');
    expect(await fsp.readFile(file, 'utf8')).toBe('old complete content');
    expect(await fsp.readdir(dir)).toEqual(['settings.json']);
  });

  it('never exposes a partial target even when the process dies before cleanup', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'settings.json');
    const dying: AtomicFs = {
      ...crashingWriter(),
      unlink: () => Promise.reject(new Error('process gone')),
    };
    await expect(writeFileAtomic(file, 'never lands', { fs: dying })).rejects.toThrow();
    // The target was never created; only an orphaned temp file may remain.
    const names = await fsp.readdir(dir);
    expect(names).not.toContain('settings.json');
    expect(names.every((name) => name.endsWith('.tmp'))).toBe(true);
  });
});
