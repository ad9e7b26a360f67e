/**
 * The packaging config and the release workflow, read as text: no YAML parser is installed, so
 * each check looks inside one top-level block of the file. electron-builder validates its own
 * option names when it runs (scripts/package-check.mjs); this guards what the issue asks for.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

/** The lines indented under a top-level `key:`, or under `key:` at `indent` spaces. */
function block(text: string, key: string, indent = 0): string {
  const lines = text.split('\n');
  const pad = ' '.repeat(indent);
  const start = lines.findIndex(
    (line) => line === `${pad}${key}:` || line.startsWith(`${pad}${key}: `),
  );
  if (start === -1) throw new Error(`no ${key}: block`);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trimStart();
    const depth = line.length - trimmed.length;
    if (trimmed !== '' && !trimmed.startsWith('#') && depth <= indent) break;
    body.push(line);
  }
  return body.join('\n');
}

/** `target: name` entries of a platform block, each with the arches listed after it. */
function targets(platform: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const pattern = /- target: (\S+)\n\s+arch: \[([^\]]*)\]/g;
  for (const [, name, arches] of block(builderConfig, platform).matchAll(pattern)) {
    found.set(
      name ?? '',
      (arches ?? '').split(',').map((arch) => arch.trim()),
    );
  }
  return found;
}

const builderConfig = read('electron-builder.yml');
const release = read('.github/workflows/release.yml');

/** Width of a PNG, from its IHDR chunk. */
function pngWidth(file: string): number {
  const bytes = readFileSync(path.join(root, file));
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return bytes.readUInt32BE(16);
}

describe('electron-builder.yml', () => {
  it('builds the installers the issue lists', () => {
    expect(Object.fromEntries(targets('mac'))).toEqual({ dmg: ['x64', 'arm64'] });
    expect(Object.fromEntries(targets('win'))).toEqual({ nsis: ['x64'] });
    expect(Object.fromEntries(targets('linux'))).toEqual({ AppImage: ['x64'], deb: ['x64'] });
  });

  it('gives the deb the maintainer and homepage it refuses to build without', () => {
    expect(block(builderConfig, 'linux')).toMatch(/^ {2}maintainer: \S.*<\S+@\S+>$/m);
    expect(block(builderConfig, 'extraMetadata')).toMatch(/^ {2}homepage: https:\/\/\S+$/m);
  });

  it('rebuilds and unpacks native modules, ships no source maps and publishes nothing itself', () => {
    expect(builderConfig).toMatch(/^npmRebuild: true$/m);
    expect(block(builderConfig, 'asarUnpack')).toContain("- '**/*.node'");
    const files = block(builderConfig, 'files');
    expect(files).toContain('- dist/**');
    expect(files).toContain("- '!**/*.map'");
    expect(builderConfig).toMatch(/^publish: null$/m);
  });

  it('points every icon at a PNG in build/ large enough for a macOS .icns', () => {
    const icons = [...builderConfig.matchAll(/^\s+icon: (\S+)$/gm)].map(([, file]) => file ?? '');
    expect(icons.length).toBeGreaterThanOrEqual(3);
    for (const icon of icons) {
      expect(icon.startsWith('build/'), icon).toBe(true);
      expect(existsSync(path.join(root, icon)), icon).toBe(true);
      expect(pngWidth(icon)).toBeGreaterThanOrEqual(512);
    }
  });

  it('packages the tray icons build:electron copies next to the compiled main process', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts['build:electron']).toContain("cpSync('build/tray', 'dist/electron/tray'");
    expect(block(builderConfig, 'files')).toContain('- dist/**');
  });
});

describe('release workflow', () => {
  it('runs for v* tags and by hand', () => {
    const on = block(release, 'on');
    expect(on).toMatch(/tags: \['v\*'\]/);
    expect(on).toContain('workflow_dispatch:');
  });

  it('packages on each platform with its electron-builder flag and uploads the installers', () => {
    const matrix = block(release, 'package', 2);
    for (const [os, flag, installers] of [
      ['macos-latest', '--mac', ['out/*.dmg']],
      ['windows-latest', '--win', ['out/*.exe']],
      ['ubuntu-latest', '--linux', ['out/*.AppImage', 'out/*.deb']],
    ] as const) {
      const entry = new RegExp(`- os: ${os}\\n\\s+platform: ${flag}\\n\\s+installers:([^-]+)`);
      const match = entry.exec(matrix);
      expect(match, os).not.toBeNull();
      for (const pattern of installers) expect(match?.[1]).toContain(pattern);
    }
    expect(matrix).toContain('node-version: 24');
    expect(matrix).toContain('npm ci');
    expect(matrix).toContain('npm run build');
    expect(matrix).toContain(
      'npx --yes electron-builder@26 ${{ matrix.platform }} --publish never',
    );
  });

  it('attaches the installers to a release only for tags', () => {
    const job = block(release, 'release', 2);
    expect(job).toContain("if: startsWith(github.ref, 'refs/tags/v')");
    expect(job).toContain('contents: write');
    expect(job).toContain('gh release create');
  });

  it('pins every action to a major version', () => {
    for (const file of ['.github/workflows/release.yml', '.github/workflows/ci.yml']) {
      const uses = [...read(file).matchAll(/uses: (\S+)/g)].map(([, action]) => action ?? '');
      expect(uses.length, file).toBeGreaterThan(0);
      for (const action of uses) expect(action, file).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    }
  });

  it('runs CI through .ci/run', () => {
    expect(read('.github/workflows/ci.yml')).toMatch(/^\s+- run: bash \.ci\/run$/m);
  });
});
