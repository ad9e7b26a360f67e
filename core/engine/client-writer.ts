/**
 * Writes a streamed reply to the client. Output is held until the first
 * content event so that an upstream failure before any content can still be
 * answered with a proper HTTP error instead of a broken stream.
 */
import type { ServerResponse } from 'node:http';

export class ClientStreamWriter {
  private pending = '';
  private committed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly headers: Record<string, string>,
    /** Told once, when the first bytes go to the client (time to first token). */
    private readonly onCommit?: () => void,
  ) {}

  get isCommitted(): boolean {
    return this.committed;
  }

  /** Queues text without committing to a 200 yet. */
  hold(text: string): void {
    if (this.committed) void this.write(text);
    else this.pending += text;
  }

  /** Sends the status line, headers and anything held. */
  async commit(): Promise<void> {
    if (this.committed) return;
    this.open();
    // Headers go out now, or with the held text in one write.
    if (this.pending === '') this.res.flushHeaders();
    else await this.write('');
  }

  async write(text: string | Uint8Array): Promise<void> {
    if (!this.committed) {
      if (this.pending === '' && text.length === 0) {
        await this.commit();
        return;
      }
      // The headers leave with the first bytes, in one socket write.
      this.open();
    }
    if (this.pending !== '') {
      const held = this.pending;
      this.pending = '';
      await this.write(held);
    }
    if (typeof text === 'string' && text === '') return;
    if (this.res.destroyed) return;
    if (!this.res.write(text)) await drained(this.res);
  }

  async end(text = ''): Promise<void> {
    if (!this.committed) this.open();
    if (this.pending !== '') {
      const held = this.pending;
      this.pending = '';
      await this.write(held);
    }
    if (!this.res.destroyed) this.res.end(text);
  }

  /** Commits to a 200 with the status line and headers queued, not yet sent. */
  private open(): void {
    this.committed = true;
    this.onCommit?.();
    this.res.writeHead(200, this.headers);
  }
}

/** Resolves when the socket can take more, or when the client has gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
