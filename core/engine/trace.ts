/**
 * Route traces: for each request, every candidate considered and why it was
 * skipped, failed or served. Kept in memory for the UI and appended to
 * `traces.jsonl` in the data dir for `switchyard trace <request-id>`.
 */
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type CandidateOutcome = 'served' | 'skipped' | 'failed';

export interface CandidateTrace {
  /** `prefix/model` as routed. */
  model: string;
  /** The account (provider entry id). */
  account: string;
  outcome: CandidateOutcome;
  /** Why: a cooldown, an open breaker, the upstream's error… */
  reason?: string;
  status?: number;
  /** Time spent on this attempt. */
  ms?: number;
}

export interface RouteTrace {
  id: string;
  /** ISO time the request arrived. */
  at: string;
  /** The model the client asked for (a model, a combo, or `auto`). */
  requested: string;
  inbound: string;
  candidates: CandidateTrace[];
  /** HTTP status the client got (200 for a served stream, even if it later failed). */
  status?: number;
  /** Cache reads as a share of all input tokens, for the served attempt. */
  cacheReadShare?: number;
}

const FILE = 'traces.jsonl';
const MEMORY_LIMIT = 500;
/** The file is cut back to its newer half once it grows past this. */
const FILE_LIMIT_BYTES = 4 * 1024 * 1024;

/** How long traces wait to be appended together. */
const WRITE_DELAY_MS = 200;

export class TraceStore {
  private readonly recent: RouteTrace[] = [];
  /** Lines not yet written. */
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string | undefined,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly writeDelayMs = WRITE_DELAY_MS,
  ) {}

  record(trace: RouteTrace): void {
    this.recent.push(trace);
    if (this.recent.length > MEMORY_LIMIT) this.recent.shift();
    if (this.dataDir === undefined) return;
    this.pending += `${JSON.stringify(trace)}\n`;
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.writePending(), this.writeDelayMs);
      // Pending traces never keep the process alive; close() flushes them.
      this.timer.unref();
    }
  }

  find(id: string): RouteTrace | undefined {
    return this.recent.findLast((trace) => trace.id === id);
  }

  latest(count: number): RouteTrace[] {
    return this.recent.slice(-count).reverse();
  }

  /** Writes what is pending, waits for every write, then trims the file if it has grown large. */
  async flush(): Promise<void> {
    this.writePending();
    await this.writes;
    if (this.dataDir !== undefined) await trimTraceFile(this.dataDir);
  }

  private writePending(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const dir = this.dataDir;
    const lines = this.pending;
    if (dir === undefined || lines === '') return;
    this.pending = '';
    // One write at a time, in order; a failed write is reported, never thrown at a request.
    this.writes = this.writes
      .then(() => appendFile(join(dir, FILE), lines, { mode: 0o600 }))
      .catch(this.onError);
  }
}

async function trimTraceFile(dataDir: string): Promise<void> {
  const path = join(dataDir, FILE);
  const size = await stat(path).then(
    (info) => info.size,
    () => 0,
  );
  if (size <= FILE_LIMIT_BYTES) return;
  const text = await readFile(path, 'utf8');
  const keep = text.slice(text.indexOf('\n', text.length / 2) + 1);
  await writeFile(path, keep, { mode: 0o600 });
}

/** Reads traces from the data dir, newest first (for the CLI, with or without a server). */
export async function readTraces(dataDir: string): Promise<RouteTrace[]> {
  let text: string;
  try {
    text = await readFile(join(dataDir, FILE), 'utf8');
  } catch {
    return [];
  }
  const traces: RouteTrace[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      traces.push(JSON.parse(line) as RouteTrace);
    } catch {
      // A line cut short by a crash is skipped; the rest still reads.
    }
  }
  return traces.reverse();
}
