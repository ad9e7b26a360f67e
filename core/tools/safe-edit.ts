/**
 * The one way a tool's config changes: plan the new text, show the diff,
 * back up the original bytes (0600, they may hold other secrets), write
 * atomically keeping the file's mode. Undo restores the backup byte for byte,
 * unless the file changed since Switchyard wrote it; then only Switchyard's
 * own settings are taken out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file.js';
import { errnoCode } from '../storage/errors.js';
import type { ConnectParams, ToolDefinition, ToolFile, WrittenValues } from './types.js';

export const BACKUP_DIR = 'tool-backups';
const MANIFEST = 'manifest.json';
const NEW_FILE_MODE = 0o600;

export interface FilePlan {
  file: ToolFile;
  before: string | undefined;
  /** `undefined`: delete the file. */
  after: string | undefined;
  /** The mode to keep (existing files) or give (new ones). */
  mode: number;
  /** How disconnect got here; connect plans leave it out. */
  how?: 'restore' | 'surgical' | 'delete';
  /** Exact original bytes for a restore. */
  restoreBytes?: Buffer;
}

export interface BackupEntry {
  path: string;
  existed: boolean;
  /** The backup copy's name inside the backup dir, when the file existed. */
  copy?: string;
  mode?: number;
  /** SHA-256 of what Switchyard last wrote, to tell later user edits apart. */
  writtenSha256: string;
  /** Set once the file changed under Switchyard: undo is surgical from then on. */
  editedByUser?: boolean;
  /** The top directory `connect` created for the file, removed again on undo when empty. */
  createdDir?: string;
}

export interface BackupManifest {
  version: 1;
  tool: string;
  createdAt: string;
  port: number;
  /** Every set of values written, so surgical undo recognises older models too. */
  written: WrittenValues[];
  files: BackupEntry[];
  restoredAt?: string;
}

export interface ActiveBackup {
  dir: string;
  manifest: BackupManifest;
}

export interface LoadedFile {
  bytes: Buffer;
  text: string;
  mode: number;
}

export async function loadFile(file: string): Promise<LoadedFile | undefined> {
  try {
    const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
    return { bytes, text: bytes.toString('utf8'), mode: info.mode & 0o777 };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function planConnect(
  tool: ToolDefinition,
  home: string,
  params: ConnectParams,
): Promise<FilePlan[]> {
  const plans: FilePlan[] = [];
  for (const file of tool.files(home)) {
    const current = await loadFile(file.path);
    plans.push({
      file,
      before: current?.text,
      after: file.connect(current?.text, params),
      mode: current?.mode ?? NEW_FILE_MODE,
    });
  }
  return plans;
}

export function changed(plans: readonly FilePlan[]): FilePlan[] {
  return plans.filter((plan) => plan.before !== plan.after);
}

function toolBackupRoot(dataDir: string, toolId: string): string {
  return path.join(dataDir, BACKUP_DIR, toolId);
}

/** The newest backup not yet undone. */
export async function activeBackup(
  dataDir: string,
  toolId: string,
): Promise<ActiveBackup | undefined> {
  const root = toolBackupRoot(dataDir, toolId);
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  for (const name of names.sort().reverse()) {
    const dir = path.join(root, name);
    const manifest = parseManifest(
      await readFile(path.join(dir, MANIFEST), 'utf8').catch(() => ''),
    );
    if (manifest !== undefined && manifest.restoredAt === undefined) return { dir, manifest };
  }
  return undefined;
}

function parseManifest(text: string): BackupManifest | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const manifest = value as Partial<BackupManifest>;
    if (manifest.version !== 1 || !Array.isArray(manifest.files)) return undefined;
    return manifest as BackupManifest;
  } catch {
    return undefined;
  }
}

async function writePrivate(file: string, data: string | Buffer): Promise<void> {
  await writeFileAtomic(file, data, { mode: 0o600 });
}

async function saveManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await writePrivate(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Backs up every file about to change (once per connection: a second connect
 * keeps the first backup, the true original), then writes the new texts.
 */
export async function applyConnect(
  dataDir: string,
  tool: ToolDefinition,
  plans: readonly FilePlan[],
  params: ConnectParams,
  now: Date = new Date(),
): Promise<string> {
  const active = await activeBackup(dataDir, tool.id);
  let dir = active?.dir;
  if (dir === undefined) {
    const stamp = `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    dir = path.join(toolBackupRoot(dataDir, tool.id), stamp);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const manifest: BackupManifest = active?.manifest ?? {
    version: 1,
    tool: tool.id,
    createdAt: now.toISOString(),
    port: params.port,
    written: [],
    files: [],
  };
  manifest.port = params.port;
  const written = plans[0]?.file.written(params) ?? {};
  if (!manifest.written.some((w) => JSON.stringify(w) === JSON.stringify(written))) {
    manifest.written.push(written);
  }

  for (const plan of plans) {
    if (plan.after === undefined) continue;
    const entry = manifest.files.find((candidate) => candidate.path === plan.file.path);
    const afterSha = sha256(plan.after);
    if (entry === undefined) {
      const current = await loadFile(plan.file.path);
      const copy = current === undefined ? undefined : `file-${manifest.files.length}`;
      if (copy !== undefined && current !== undefined) {
        await writePrivate(path.join(dir, copy), current.bytes);
      }
      const createdDir =
        current === undefined
          ? await mkdir(path.dirname(plan.file.path), { recursive: true })
          : undefined;
      manifest.files.push({
        path: plan.file.path,
        existed: current !== undefined,
        ...(copy === undefined ? {} : { copy }),
        ...(current === undefined ? {} : { mode: current.mode }),
        writtenSha256: afterSha,
        ...(createdDir === undefined ? {} : { createdDir }),
      });
    } else {
      const current = await loadFile(plan.file.path);
      if (current === undefined || sha256(current.bytes) !== entry.writtenSha256) {
        entry.editedByUser = true;
      }
      entry.writtenSha256 = afterSha;
    }
  }
  // The manifest lands before any tool file changes, so a crash never loses the original.
  await saveManifest(dir, manifest);
  for (const plan of plans) {
    if (plan.after === undefined || plan.after === plan.before) continue;
    await writeFileAtomic(plan.file.path, plan.after, { mode: plan.mode });
  }
  return dir;
}

/** How undo would change each file: exact restore where untouched, surgical removal elsewhere. */
export async function planDisconnect(
  dataDir: string,
  tool: ToolDefinition,
  home: string,
): Promise<{ plans: FilePlan[]; backup: ActiveBackup | undefined }> {
  const backup = await activeBackup(dataDir, tool.id);
  const plans: FilePlan[] = [];
  for (const file of tool.files(home)) {
    const current = await loadFile(file.path);
    const entry = backup?.manifest.files.find((candidate) => candidate.path === file.path);
    const untouched =
      entry !== undefined &&
      entry.editedByUser !== true &&
      current !== undefined &&
      sha256(current.bytes) === entry.writtenSha256;
    if (untouched && backup !== undefined) {
      if (!entry.existed) {
        plans.push({
          file,
          before: current.text,
          after: undefined,
          mode: current.mode,
          how: 'delete',
        });
        continue;
      }
      const original = await readFile(path.join(backup.dir, entry.copy ?? ''));
      plans.push({
        file,
        before: current.text,
        after: original.toString('utf8'),
        mode: entry.mode ?? current.mode,
        how: 'restore',
        restoreBytes: original,
      });
      continue;
    }
    if (current === undefined) continue;
    let after = current.text;
    for (const written of backup?.manifest.written ?? [{}]) after = file.disconnect(after, written);
    plans.push({ file, before: current.text, after, mode: current.mode, how: 'surgical' });
  }
  return { plans, backup };
}

export async function applyDisconnect(
  plans: readonly FilePlan[],
  backup: ActiveBackup | undefined,
  now: Date = new Date(),
): Promise<void> {
  for (const plan of plans) {
    if (plan.how === 'delete') {
      await unlink(plan.file.path);
      const created = backup?.manifest.files.find((e) => e.path === plan.file.path)?.createdDir;
      if (created !== undefined) await removeEmptyDirs(path.dirname(plan.file.path), created);
    } else if (plan.restoreBytes !== undefined) {
      await writeFileAtomic(plan.file.path, plan.restoreBytes, { mode: plan.mode });
    } else if (plan.after !== undefined && plan.after !== plan.before) {
      await writeFileAtomic(plan.file.path, plan.after, { mode: plan.mode });
    }
  }
  if (backup !== undefined) {
    backup.manifest.restoredAt = now.toISOString();
    await saveManifest(backup.dir, backup.manifest);
  }
}

/** Removes directories `connect` created, deepest first, stopping at the first non-empty one. */
async function removeEmptyDirs(from: string, top: string): Promise<void> {
  let dir = from;
  while (dir.startsWith(top)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    if (dir === top) return;
    dir = path.dirname(dir);
  }
}
