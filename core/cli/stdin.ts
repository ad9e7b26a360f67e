/** Reads a secret piped on stdin, so it never appears in argv or shell history. */
import type { CliIo } from './context.js';
import { CliError } from './errors.js';

export async function readSecretFromStdin(io: CliIo, what: string): Promise<string> {
  if (io.stdin.isTTY === true) {
    io.stderr.write(`Paste the ${what}, then press Enter and Ctrl+D:\n`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  const value = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/[\r\n]+$/, '');
  if (value === '') throw new CliError('missing_api_key', `no ${what} was given on stdin`);
  // Never echo the value back, even in an error: it is a secret.
  if (/[\r\n]/.test(value)) {
    throw new CliError('invalid_argument', `the ${what} on stdin must be a single line`);
  }
  return value;
}
