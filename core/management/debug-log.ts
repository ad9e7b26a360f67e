/**
 * The debug request log (`debug-requests.jsonl`, mode 0600): off by default;
 * when on, every model request's headers and body are kept with secrets
 * redacted and each body cut at a cap. Writes run one at a time after the
 * response, and the file is cut to its newer half past the size cap.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, chmod, readFile, stat, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { DebugLogEntry } from '../shared/contract.js';
import { redactBody, redactHeaders, redactUrl } from './redact-request.js';

export const DEBUG_LOG_FILE = 'debug-requests.jsonl';
export const DEBUG_ENTRY_BODY_CAP = 64 * 1024;

export interface DebugLogSettings {
  /** `usage.debugLog`. */
  debugLog: boolean;
  /** `usage.debugLogMaxBytes`. */
  debugLogMaxBytes: number;
}

export interface DebugLogOptions {
  dataDir: string;
  /** Live settings, read on every request (a cheap getter). */
  settings(): DebugLogSettings;
  bodyCapBytes?: number;
  onError?: (error: unknown) => void;
}

/** What the server hands over once a request is done. */
export interface DebugRequest {
  requestId: string | undefined;
  at: number;
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body chunks as read, when the route read one. */
  body: readonly Buffer[] | undefined;
  status?: number;
}

export class DebugLog {
  private readonly path: string;
  private writes: Promise<void> = Promise.resolve();
  private modeChecked = false;

  constructor(private readonly options: DebugLogOptions) {
    this.path = join(options.dataDir, DEBUG_LOG_FILE);
  }

  enabled(): boolean {
    return this.options.settings().debugLog;
  }

  /** Queues one entry; redaction and I/O happen off the caller's path, errors go to `onError`. */
  record(request: DebugRequest): void {
    this.writes = this.writes
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.append(toEntry(request, this.options.bodyCapBytes ?? DEBUG_ENTRY_BODY_CAP)))
      .catch((error: unknown) => this.options.onError?.(error));
  }

  /** Newest first. */
  async recent(limit: number): Promise<DebugLogEntry[]> {
    await this.writes;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return [];
    }
    const entries: DebugLogEntry[] = [];
    const lines = text.split('\n');
    for (let index = lines.length - 1; index >= 0 && entries.length < limit; index -= 1) {
      const line = lines[index];
      if (line === undefined || line === '') continue;
      try {
        entries.push(JSON.parse(line) as DebugLogEntry);
      } catch {
        // A line cut short by a crash is skipped; the rest still reads.
      }
    }
    return entries;
  }

  /** Waits for queued writes (shutdown, tests). */
  flush(): Promise<void> {
    return this.writes;
  }

  private async append(entry: DebugLogEntry): Promise<void> {
    await appendFile(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    if (!this.modeChecked) {
      // appendFile's mode applies only when it creates the file; tighten one made elsewhere.
      await chmod(this.path, 0o600);
      this.modeChecked = true;
    }
    const { size } = await stat(this.path);
    if (size > this.options.settings().debugLogMaxBytes) await this.trim();
  }

  private async trim(): Promise<void> {
    const text = await readFile(this.path, 'utf8');
    const keep = text.slice(text.indexOf('\n', Math.floor(text.length / 2)) + 1);
    await writeFile(this.path, keep, { mode: 0o600 });
  }
}

function toEntry(request: DebugRequest, capBytes: number): DebugLogEntry {
  const body =
    request.body === undefined
      ? { text: '', truncated: false }
      : redactBody(request.body, capBytes);
  return {
    requestId: request.requestId ?? randomUUID(),
    at: request.at,
    method: request.method,
    path: redactUrl(request.url),
    requestHeaders: redactHeaders(request.headers),
    requestBody: body.text,
    truncated: body.truncated,
    ...(request.status === undefined ? {} : { status: request.status }),
  };
}
