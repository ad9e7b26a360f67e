/** Reads a request body up to a limit and parses it as a JSON object, with typed errors. */
import type { IncomingMessage } from 'node:http';
import { SwitchyardError } from '../shared/errors.js';

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

function tooLarge(limitBytes: number): SwitchyardError {
  const mib = (limitBytes / 1024 / 1024).toFixed(limitBytes % (1024 * 1024) === 0 ? 0 : 1);
  return new SwitchyardError(
    'body_too_large',
    `The request body is larger than the ${mib} MiB limit.`,
    {
      status: 413,
    },
  );
}

export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) {
    throw new SwitchyardError(
      'invalid_json',
      'The request body is empty; a JSON object is required.',
      {
        status: 400,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'parse error';
    throw new SwitchyardError('invalid_json', `The request body is not valid JSON: ${detail}`, {
      status: 400,
      cause: error,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SwitchyardError('invalid_json', 'The request body must be a JSON object.', {
      status: 400,
    });
  }
  return value as Record<string, unknown>;
}
