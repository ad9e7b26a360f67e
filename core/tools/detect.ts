/** Is a tool installed? Its config dir exists, or one of its binaries is on PATH. */
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ToolDefinition } from './types.js';

/** Resolves a binary name to its path on PATH; injectable so tests never see the real PATH. */
export type FindBinary = (name: string) => Promise<string | undefined>;

export function pathLookup(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): FindBinary {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((dir) => dir !== '');
  const extensions =
    platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').concat('') : [''];
  return async (name) => {
    for (const dir of dirs) {
      for (const extension of extensions) {
        const candidate = path.join(dir, name + extension);
        try {
          await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
          if ((await stat(candidate)).isFile()) return candidate;
        } catch {
          // Not here; keep looking.
        }
      }
    }
    return undefined;
  };
}

export interface Detection {
  installed: boolean;
  /** What gave it away: a binary's path or a config dir. */
  evidence?: string;
}

export async function detectTool(
  tool: ToolDefinition,
  home: string,
  findBinary: FindBinary,
): Promise<Detection> {
  for (const dir of tool.configDirs(home)) {
    if (await isDirectory(dir)) return { installed: true, evidence: dir };
  }
  for (const binary of tool.binaries) {
    const found = await findBinary(binary);
    if (found !== undefined) return { installed: true, evidence: found };
  }
  return { installed: false };
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
