/**
 * `switchyard serve` as a real child process: it prints where it listens,
 * answers, stops cleanly on SIGTERM, and explains a busy port. Other CLI
 * commands run against the same data dir while it serves.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ENTRY = resolve(import.meta.dirname, 'main.ts');
const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-cli-'));
  dirs.push(dir);
  return dir;
}

function cli(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  children.push(child);
  return child;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function finish(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Resolves with the first complete stdout line. */
async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  let buffered = '';
  for await (const chunk of child.stdout) {
    buffered += (chunk as Buffer).toString();
    const newline = buffered.indexOf('\n');
    if (newline !== -1) return buffered.slice(0, newline);
  }
  throw new Error(`serve exited before printing its address: ${buffered}`);
}

describe('switchyard serve (child process)', () => {
  it('prints its endpoint, serves, and exits 0 on SIGTERM', async () => {
    const dir = await dataDir();
    const server = cli(['serve', '--port', '0', '--json', '--data-dir', dir]);
    const printed = JSON.parse(await firstLine(server)) as { url: string; dashboardUrl: string };
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.dashboardUrl).toBe(`${printed.url}/`);
    expect(await (await fetch(`${printed.url}/health`)).json()).toEqual({ status: 'ok' });

    // The CLI shares the data dir with the running server.
    const add = await finish(
      cli(['provider', 'add', 'ds', '--kind', 'deepseek', '--json', '--data-dir', dir]),
    );
    expect(add.code, add.stderr).toBe(0);
    const created = await finish(cli(['key', 'create', '--json', '--data-dir', dir]));
    const { key } = JSON.parse(created.stdout) as { key: string };
    const models = await fetch(`${printed.url}/v1/models`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(models.status).toBe(200);
    const listed = (await models.json()) as { data: { id: string }[] };
    expect(listed.data.some((model) => model.id.startsWith('ds/'))).toBe(true);

    const exit = once(server, 'exit');
    server.kill('SIGTERM');
    const [code] = (await exit) as [number | null];
    expect(code).toBe(0);
  });

  it('explains a busy port and exits non-zero', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const result = await finish(
        cli(['serve', '--port', String(port), '--data-dir', await dataDir()]),
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(new RegExp(`port ${port}.*already in use`));
    } finally {
      blocker.close();
    }
  });
});
