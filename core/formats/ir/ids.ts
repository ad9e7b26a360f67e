/** Id helpers shared by translators: ids stay stable and never collide within a response. */
import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// One system call fills many ids' worth of randomness; a call per id is slow on some hosts.
const pool = Buffer.alloc(4096);
let used = pool.length;

export function randomId(prefix: string, length = 24): string {
  if (used + length > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let out = prefix;
  for (let index = used; index < used + length; index += 1) {
    out += ALPHABET[(pool[index] ?? 0) % ALPHABET.length];
  }
  used += length;
  return out;
}
