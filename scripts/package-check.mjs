// Packages the built app with electron-builder into a temp folder (`--linux dir`, no installer)
// and checks what app.asar holds. It needs no Electron download: a stand-in Electron folder is
// enough for electron-builder to copy, which is all a "dir" target does with it. Run
// `npm run build` first. electron-builder comes from $ELECTRON_BUILDER (path to its cli) or
// `npx electron-builder@26`, which fetches it from the npm registry once.
//
// Native modules are not rebuilt for Electron here (that needs Electron's headers), so this
// checks which files ship and where, not that they load.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

if (!existsSync(path.join(root, 'dist/electron/main/main.js'))) {
  console.error('package-check: no dist/ build; run `npm run build` first');
  process.exit(2);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'switchyard-package-'));
try {
  const failures = check(pack(scratch));
  if (failures.length > 0) {
    for (const failure of failures) console.error(`package-check: ${failure}`);
    process.exitCode = 1;
  } else {
    console.log('package-check: app.asar holds what it should');
  }
} finally {
  if (process.env.KEEP_PACKAGE === undefined) rmSync(scratch, { recursive: true, force: true });
  else console.log(`package-check: kept ${scratch}`);
}

/** Runs electron-builder against a stand-in Electron; returns the packaged resources folder. */
function pack(dir) {
  const electronDist = path.join(dir, 'electron');
  mkdirSync(electronDist);
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  const electronVersion = JSON.parse(
    readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
  ).version;
  writeFileSync(path.join(electronDist, 'version'), electronVersion);
  writeFileSync(path.join(electronDist, 'LICENSE'), '');

  const output = path.join(dir, 'out');
  const builder = process.env.ELECTRON_BUILDER;
  const [command, ...prefix] =
    builder === undefined ? ['npx', '--yes', 'electron-builder@26'] : [process.execPath, builder];
  const result = spawnSync(
    command,
    [
      ...prefix,
      '--projectDir',
      root,
      '--linux',
      'dir',
      '--publish',
      'never',
      `--config.electronDist=${electronDist}`,
      '--config.npmRebuild=false',
      `--config.directories.output=${output}`,
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(
      `package-check: electron-builder failed (${result.error?.message ?? result.status})`,
    );
    process.exit(1);
  }
  return path.join(output, 'linux-unpacked/resources');
}

/**
 * Reads an asar archive's index: a little-endian size prefix, then a JSON tree of folders
 * ({ files }) and files ({ size, offset } or { unpacked: true }). File bodies follow it.
 */
function readAsar(file) {
  const bytes = readFileSync(file);
  const headerSize = bytes.readUInt32LE(4);
  const jsonLength = bytes.readUInt32LE(12);
  const index = JSON.parse(bytes.toString('utf8', 16, 16 + jsonLength));
  const entries = new Map();
  const walk = (node, prefix) => {
    for (const [name, child] of Object.entries(node.files)) {
      const entryPath = prefix === '' ? name : `${prefix}/${name}`;
      if (child.files !== undefined) walk(child, entryPath);
      else entries.set(entryPath, child);
    }
  };
  walk(index, '');
  const read = (entryPath) => {
    const entry = entries.get(entryPath);
    const start = 8 + headerSize + Number(entry.offset);
    return bytes.toString('utf8', start, start + entry.size);
  };
  return { entries, read };
}

function check(resources) {
  const failures = [];
  const expect = (ok, message) => {
    if (!ok) failures.push(message);
  };
  const { entries, read } = readAsar(path.join(resources, 'app.asar'));
  const paths = [...entries.keys()];

  for (const required of [
    'package.json',
    'dist/core/app.js',
    'dist/electron/main/main.js',
    'dist/electron/preload/preload.cjs',
    'dist/renderer/index.html',
  ]) {
    expect(entries.has(required), `missing ${required}`);
  }
  const manifest = JSON.parse(read('package.json'));
  expect(entries.has(manifest.main), `package.json main ${manifest.main} is not in the archive`);
  expect(typeof manifest.homepage === 'string', 'packaged package.json has no homepage');

  for (const icon of readdirSync(path.join(root, 'build/tray'))) {
    expect(entries.has(`dist/electron/tray/${icon}`), `tray icon ${icon} is not packaged`);
  }

  const maps = paths.filter((entry) => entry.endsWith('.map'));
  expect(maps.length === 0, `source maps shipped: ${maps.slice(0, 3).join(', ')}`);
  const fakes = paths.filter((entry) => /(^|\/)core\/testing\//.test(entry));
  expect(fakes.length === 0, `core/testing shipped: ${fakes.slice(0, 3).join(', ')}`);
  const sources = paths.filter((entry) => /node_modules\/better-sqlite3\/(deps|src)\//.test(entry));
  expect(
    sources.length === 0,
    `better-sqlite3 C sources shipped: ${sources.slice(0, 3).join(', ')}`,
  );

  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  expect(entries.get(addon)?.unpacked === true, `${addon} is not marked unpacked in app.asar`);
  expect(existsSync(path.join(resources, 'app.asar.unpacked', addon)), `${addon} is not unpacked`);
  const packedNative = paths.filter(
    (entry) => entry.endsWith('.node') && !entries.get(entry).unpacked,
  );
  expect(
    packedNative.length === 0,
    `native modules left inside app.asar: ${packedNative.join(', ')}`,
  );

  // Development-only packages must stay out; only package.json's dependencies ship.
  for (const devOnly of ['electron', 'vite', 'vitest', 'typescript', 'react']) {
    expect(
      !entries.has(`node_modules/${devOnly}/package.json`),
      `dev dependency ${devOnly} shipped`,
    );
  }
  return failures;
}
