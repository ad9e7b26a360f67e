/**
 * `<dataDir>/routing-state.json`: cooldowns and breakers survive a restart, so
 * a freshly started router does not hammer an account that is out for hours.
 * Only the running server writes it. A file that cannot be read is moved
 * aside and reported, never silently replaced.
 */
import { readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic-file.js';
import { errnoCode } from '../storage/errors.js';
import { breakersSnapshotSchema, type BreakersSnapshot } from './breaker.js';
import { cooldownsSnapshotSchema, type CooldownsSnapshot } from './cooldowns.js';

export const ROUTING_STATE_FILE = 'routing-state.json';
const VERSION = 1;

export interface RoutingState {
  cooldowns: CooldownsSnapshot;
  breakers: BreakersSnapshot;
  /** Room for other routing memory (round-robin cursors, sticky sessions). */
  extra: Record<string, unknown>;
}

export interface RoutingStateProblem {
  code: 'routing_state_corrupt';
  /** Where the unreadable file now lives, with its content intact. */
  movedTo: string;
  detail: string;
}

export interface LoadedRoutingState extends RoutingState {
  /** Set when the file was unreadable and has been moved aside. */
  problem?: RoutingStateProblem;
}

const stateFileSchema = z.object({
  version: z.literal(VERSION),
  cooldowns: cooldownsSnapshotSchema,
  breakers: breakersSnapshotSchema,
  extra: z.record(z.string(), z.unknown()),
});

export function routingStatePath(dataDir: string): string {
  return path.join(dataDir, ROUTING_STATE_FILE);
}

export function emptyRoutingState(): RoutingState {
  return { cooldowns: { entries: [] }, breakers: { circuits: [] }, extra: {} };
}

export interface LoadRoutingStateOptions {
  /** Stamps the name of a moved-aside file. */
  now?: () => Date;
}

/** A missing file is an empty state; a corrupt one is moved aside and reported in `problem`. */
export async function loadRoutingState(
  dataDir: string,
  options: LoadRoutingStateOptions = {},
): Promise<LoadedRoutingState> {
  const file = routingStatePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return emptyRoutingState();
    throw error;
  }
  const result = parseState(text);
  if ('state' in result) return result.state;
  const movedTo = await moveAside(file, options.now?.() ?? new Date());
  return {
    ...emptyRoutingState(),
    problem: { code: 'routing_state_corrupt', movedTo, detail: result.detail },
  };
}

export async function saveRoutingState(dataDir: string, state: RoutingState): Promise<void> {
  const file = {
    version: VERSION,
    cooldowns: state.cooldowns,
    breakers: state.breakers,
    extra: state.extra,
  };
  await writeFileAtomic(routingStatePath(dataDir), `${JSON.stringify(file, null, 2)}\n`, {
    mode: 0o600,
  });
}

function parseState(text: string): { state: RoutingState } | { detail: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { detail: `not valid JSON: ${error instanceof Error ? error.message : 'parse error'}` };
  }
  const parsed = stateFileSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return { detail: `fails the schema: ${issues}` };
  }
  const { cooldowns, breakers, extra } = parsed.data;
  return { state: { cooldowns, breakers, extra } };
}

async function moveAside(file: string, when: Date): Promise<string> {
  const stamp = when.toISOString().replace(/[:.]/g, '-');
  for (let attempt = 0; ; attempt += 1) {
    const movedTo = `${file}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
    const taken = await stat(movedTo).then(
      () => true,
      () => false,
    );
    if (taken) continue;
    await rename(file, movedTo);
    return movedTo;
  }
}

/** The timer calls the saver makes; tests pass fakes. */
export interface SaverTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: SaverTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending save must not keep the process alive; close() flushes it.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface DebouncedSaverOptions {
  /** Least time between two writes (default 1000 ms). */
  intervalMs?: number;
  timers?: SaverTimers;
  /** A failed write is reported here; the next change tries again. */
  onError?: (error: unknown) => void;
}

/**
 * Coalesces "state changed" notices into at most one write per interval.
 * `save` reads the current state when it runs, so the write is always fresh.
 */
export class DebouncedSaver {
  private readonly intervalMs: number;
  private readonly timers: SaverTimers;
  private readonly onError: (error: unknown) => void;
  private timer: unknown;
  private pending = false;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly save: () => Promise<void>,
    options: DebouncedSaverOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.timers = options.timers ?? realTimers;
    this.onError = options.onError ?? (() => undefined);
  }

  /** Notes that the state changed; a write follows within the interval. */
  schedule(): void {
    if (this.closed) return;
    this.pending = true;
    this.arm();
  }

  /** Writes any pending change now and stops; later schedule() calls are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.running;
    if (this.pending) await this.flush();
  }

  private arm(): void {
    // A write in flight re-arms the timer when it finishes, keeping writes an interval apart.
    if (this.timer !== undefined || this.running !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs);
  }

  private flush(): Promise<void> {
    this.pending = false;
    const run = this.save()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = undefined;
        if (this.pending && !this.closed) this.arm();
      });
    this.running = run;
    return run;
  }
}
