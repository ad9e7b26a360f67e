/** Reads a request body up to a limit and parses it as a JSON object, with typed errors. */
import type { IncomingMessage } from 'node:http';
import { SwitchyardError } from '../shared/errors.js';
import { deliverTappedBody } from './body-tap.js';

/** Reads the body as the chunks it arrived in: joining them would copy every byte once more. */
export async function readBodyChunks(
  req: IncomingMessage,
  limitBytes: number,
): Promise<{ chunks: Buffer[]; size: number }> {
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
  deliverTappedBody(req, chunks);
  return { chunks, size };
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
