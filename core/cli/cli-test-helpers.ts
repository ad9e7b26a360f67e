/** Runs the CLI in-process against a throwaway data dir, for the CLI's own tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { onTestFinished } from 'vitest';
import type { CliDeps } from './context.js';
import { runCli } from './main.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  dir: string,
  args: string[],
  options: { stdin?: string; deps?: Partial<CliDeps>; env?: Record<string, string> } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['--data-dir', dir, ...args],
    {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      // Tests never touch the developer's keychain; the keychain tests have their own session.
      env: { SWITCHYARD_SECRET_STORE: 'file', ...options.env },
    },
    // Upstreams are unreachable here: keys pass the check unless a test brings its own checker.
    { verifyApiKey: () => Promise.resolve({ outcome: 'valid' }), ...options.deps },
  );
  return { code, stdout, stderr };
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-cli-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
