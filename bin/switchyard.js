#!/usr/bin/env node
// The `switchyard` command: runs the compiled CLI from dist/ (build it with `npm run build:core`).
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const entry = new URL('../dist/core/cli/main.js', import.meta.url);

if (!existsSync(entry)) {
  process.stderr.write('switchyard: run npm run build:core first\n');
  process.exit(1);
}

const { runMain } = await import(entry.href);
await runMain();
