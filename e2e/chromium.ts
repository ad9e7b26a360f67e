/** Debian's Chromium, launched by path: these machines never download a browser build. */
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env['SWITCHYARD_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why the browser specs cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `Chromium not found at ${CHROMIUM_PATH}: install it with apt-get install chromium`;
}

// Without the background-networking flags Chromium keeps trying hosts it cannot reach.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
