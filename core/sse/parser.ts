/**
 * Incremental SSE parser (WHATWG event-stream rules): feed it chunks of text
 * as they arrive, get back complete events. Knows nothing about any format.
 */
import type { SseEvent } from './types.js';

export class SseParser {
  private buffer = '';
  private eventName: string | undefined;
  private dataLines: string[] = [];

  /** Feeds decoded text; returns the events completed by it. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const newline = this.findLineEnd(start);
      if (newline === -1) break;
      let line = this.buffer.slice(start, newline);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      start = newline + 1;
      this.processLine(line, events);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Flushes a final event that was not followed by a blank line. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.buffer.length > 0) {
      this.processLine(this.buffer.replace(/\r$/, ''), events);
      this.buffer = '';
    }
    this.processLine('', events);
    return events;
  }

  private findLineEnd(from: number): number {
    const lf = this.buffer.indexOf('\n', from);
    // A lone CR also ends a line, but only when it is not the last char (it may be half of CRLF).
    const cr = this.buffer.indexOf('\r', from);
    if (
      cr !== -1 &&
      cr < this.buffer.length - 1 &&
      this.buffer[cr + 1] !== '\n' &&
      (lf === -1 || cr < lf)
    ) {
      return cr;
    }
    return lf;
  }

  private processLine(line: string, events: SseEvent[]): void {
    if (line === '') {
      if (this.dataLines.length > 0) {
        const event: SseEvent = { data: this.dataLines.join('\n') };
        if (this.eventName !== undefined) event.event = this.eventName;
        events.push(event);
      }
      this.dataLines = [];
      this.eventName = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventName = value;
  }
}
