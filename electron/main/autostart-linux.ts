/**
 * Launch at login on Linux, where Electron has no login-item API: the freedesktop autostart
 * spec runs every `*.desktop` entry in `$XDG_CONFIG_HOME/autostart` when a session starts.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

export interface AutostartPaths {
  /** `$XDG_CONFIG_HOME`, or `~/.config` when unset. */
  configHome: string;
  /** What the session should run: the AppImage file when packaged as one, else the binary. */
  executable: string;
}

const ENTRY_NAME = 'switchyard.desktop';

export function autostartPaths(env: NodeJS.ProcessEnv, execPath: string): AutostartPaths {
  const configHome =
    env['XDG_CONFIG_HOME'] !== undefined && path.isAbsolute(env['XDG_CONFIG_HOME'])
      ? env['XDG_CONFIG_HOME']
      : path.join(homedir(), '.config');
  // An AppImage's execPath points into its temporary mount, gone after it exits.
  const executable = env['APPIMAGE'] ?? execPath;
  return { configHome, executable };
}

function entryPath(paths: AutostartPaths): string {
  return path.join(paths.configHome, 'autostart', ENTRY_NAME);
}

/** The desktop entry; Exec quotes the path as the spec requires when it has spaces or quotes. */
export function autostartEntry(appName: string, executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${appName}`,
    `Exec=${quoted}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function isAutostartEnabled(paths: AutostartPaths): Promise<boolean> {
  try {
    const text = await readFile(entryPath(paths), 'utf8');
    // A user who turned it off in their desktop's settings left the file with Hidden=true.
    return !/^Hidden\s*=\s*true\s*$/m.test(text);
  } catch {
    return false;
  }
}

export async function setAutostart(
  paths: AutostartPaths,
  enabled: boolean,
  appName: string,
): Promise<void> {
  const file = entryPath(paths);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, autostartEntry(appName, paths.executable), { mode: 0o644 });
  await rename(temp, file);
}
