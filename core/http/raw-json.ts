/**
 * A JSON request body kept as the bytes that arrived. One pass locates the
 * top-level fields and checks the structure (an object, balanced brackets,
 * closed strings) without decoding or parsing the whole text, so a
 * same-format passthrough can swap `model` and forward the original bytes.
 * Translation parses it in full with `json()`, which validates strictly.
 */
import { SwitchyardError } from '../shared/errors.js';

interface Span {
  /** Byte offset of the value's first byte. */
  start: number;
  /** Byte offset just past the value. */
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function invalidJson(reason: string): SwitchyardError {
  return new SwitchyardError('invalid_json', `The request body is not valid JSON: ${reason}.`, {
    status: 400,
  });
}

/** Reads bytes across the chunks a body arrived in, without joining them. */
class ByteCursor {
  private index = 0;
  private offset = 0;
  private base = 0;
  /**
   * Cached positions of the next backslash and quote in the current chunk (-1:
   * none left), so a string full of escapes is searched once, not once per escape.
   */
  private slashChunk = -1;
  private slashAt = -1;
  private quoteChunk = -1;
  private quoteAt = -1;

  constructor(private readonly chunks: readonly Buffer[]) {
    this.settle();
  }

  get position(): number {
    return this.base + this.offset;
  }

  /** The current byte, or -1 at the end of the body. */
  peek(): number {
    const chunk = this.chunks[this.index];
    return chunk === undefined ? -1 : (chunk[this.offset] ?? -1);
  }

  /** The chunk under the cursor and the offset in it, for tight loops over plain bytes. */
  get chunk(): Buffer | undefined {
    return this.chunks[this.index];
  }

  get chunkOffset(): number {
    return this.offset;
  }

  /** Moves to `offset` within the current chunk (at most its length). */
  moveWithinChunk(offset: number): void {
    this.offset = offset;
    this.settle();
  }

  advance(): void {
    this.offset += 1;
    this.settle();
  }

  skipSpace(): number {
    let byte = this.peek();
    while (byte !== -1 && isSpace(byte)) {
      this.advance();
      byte = this.peek();
    }
    return byte;
  }

  /** Moves past the closing quote of a string whose opening quote was consumed. */
  skipStringBody(): boolean {
    for (;;) {
      const chunk = this.chunks[this.index];
      if (chunk === undefined) return false;
      const slash = this.nextSlash(chunk);
      const quote = this.nextQuote(chunk);
      if (slash !== -1 && (quote === -1 || slash < quote)) {
        // An escape: skip the backslash and the byte it escapes (maybe in the next chunk).
        this.offset = slash + 2;
      } else if (quote === -1) {
        this.offset = chunk.length;
      } else {
        this.offset = quote + 1;
        this.settle();
        return true;
      }
      this.settle();
    }
  }

  private nextSlash(chunk: Buffer): number {
    if (this.slashChunk !== this.index || (this.slashAt !== -1 && this.slashAt < this.offset)) {
      this.slashChunk = this.index;
      this.slashAt = chunk.indexOf(BACKSLASH, this.offset);
    }
    return this.slashAt;
  }

  private nextQuote(chunk: Buffer): number {
    if (this.quoteChunk !== this.index || (this.quoteAt !== -1 && this.quoteAt < this.offset)) {
      this.quoteChunk = this.index;
      this.quoteAt = chunk.indexOf(QUOTE, this.offset);
    }
    return this.quoteAt;
  }

  private settle(): void {
    let chunk = this.chunks[this.index];
    while (chunk !== undefined && this.offset >= chunk.length) {
      this.base += chunk.length;
      this.offset -= chunk.length;
      this.index += 1;
      chunk = this.chunks[this.index];
    }
  }
}

export class RawJsonBody {
  private parsed: Record<string, unknown> | undefined;

  private constructor(
    readonly chunks: readonly Buffer[],
    readonly size: number,
    private readonly fields: ReadonlyMap<string, Span>,
    /** Offset just past the opening brace, where a missing field can be inserted. */
    private readonly bodyStart: number,
  ) {}

  static fromText(text: string): RawJsonBody {
    const bytes = Buffer.from(text);
    return RawJsonBody.scan([bytes], bytes.length);
  }

  /** Locates the top-level fields; throws a 400 `invalid_json` error for a malformed body. */
  static scan(chunks: readonly Buffer[], size: number): RawJsonBody {
    if (size === 0) {
      throw new SwitchyardError(
        'invalid_json',
        'The request body is empty; a JSON object is required.',
        { status: 400 },
      );
    }
    const cursor = new ByteCursor(chunks);
    if (cursor.skipSpace() !== OPEN_BRACE) throw invalidJson('the body must be a JSON object');
    cursor.advance();
    const bodyStart = cursor.position;
    const fields = new Map<string, Span>();
    let byte = cursor.skipSpace();
    if (byte === CLOSE_BRACE) cursor.advance();
    else {
      for (;;) {
        if (byte !== QUOTE) throw invalidJson(unexpected(byte, 'a field name', cursor.position));
        const keyStart = cursor.position;
        cursor.advance();
        if (!cursor.skipStringBody()) throw invalidJson('the body ends inside a field name');
        const key = decodeKey(sliceChunks(chunks, keyStart, cursor.position));
        if (cursor.skipSpace() !== COLON) {
          throw invalidJson(unexpected(cursor.peek(), '":"', cursor.position));
        }
        cursor.advance();
        cursor.skipSpace();
        const start = cursor.position;
        skipValue(cursor);
        fields.set(key, { start, end: cursor.position });
        byte = cursor.skipSpace();
        if (byte === CLOSE_BRACE) {
          cursor.advance();
          break;
        }
        if (byte !== COMMA) throw invalidJson(unexpected(byte, '"," or "}"', cursor.position));
        cursor.advance();
        byte = cursor.skipSpace();
      }
    }
    if (cursor.skipSpace() !== -1) {
      throw invalidJson(`unexpected data after the object at byte ${cursor.position}`);
    }
    return new RawJsonBody(chunks, size, fields, bodyStart);
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }

  /** Parses one top-level value; meant for small fields like `model` or `stream`. */
  value(key: string): unknown {
    const span = this.fields.get(key);
    if (span === undefined) return undefined;
    const text = sliceChunks(this.chunks, span.start, span.end).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new SwitchyardError('invalid_json', `The "${key}" field is not valid JSON.`, {
        status: 400,
        param: key,
        cause: error,
      });
    }
  }

  /** What kind of value a top-level field holds, judged by its first byte, and whether it is an empty container. */
  shape(
    key: string,
  ): { kind: 'array' | 'object' | 'string' | 'other'; empty: boolean } | undefined {
    const span = this.fields.get(key);
    if (span === undefined) return undefined;
    const first = byteAt(this.chunks, span.start);
    const kind =
      first === OPEN_BRACKET
        ? 'array'
        : first === OPEN_BRACE
          ? 'object'
          : first === QUOTE
            ? 'string'
            : 'other';
    if (kind === 'other' || kind === 'string') return { kind, empty: false };
    // Only the first byte inside the brackets is looked at, however large the value.
    const cursor = new ByteCursor(sliceChunkList(this.chunks, span.start + 1, span.end));
    const inside = cursor.skipSpace();
    return { kind, empty: inside === CLOSE_BRACKET || inside === CLOSE_BRACE };
  }

  /** Up to `maxBytes` of a top-level value's raw bytes (for hashing, never for parsing). */
  valueBytes(key: string, maxBytes: number): Buffer | undefined {
    const span = this.fields.get(key);
    if (span === undefined) return undefined;
    return sliceChunks(this.chunks, span.start, Math.min(span.end, span.start + maxBytes));
  }

  /** The whole body, parsed (and so strictly validated) once. */
  json(): Record<string, unknown> {
    if (this.parsed !== undefined) return this.parsed;
    const bytes =
      this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    try {
      this.parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'parse error';
      throw new SwitchyardError('invalid_json', `The request body is not valid JSON: ${detail}`, {
        status: 400,
        cause: error,
      });
    }
    return this.parsed;
  }

  /**
   * The body with one top-level field set to `value`, as chunks that share the
   * original bytes: nothing else is decoded, re-encoded or copied.
   */
  withField(key: string, value: unknown): Buffer[] {
    const encoded = Buffer.from(JSON.stringify(value));
    const span = this.fields.get(key);
    if (span !== undefined) {
      return [
        ...sliceChunkList(this.chunks, 0, span.start),
        encoded,
        ...sliceChunkList(this.chunks, span.end, this.size),
      ];
    }
    const separator = this.fields.size === 0 ? '' : ',';
    return [
      ...sliceChunkList(this.chunks, 0, this.bodyStart),
      Buffer.from(`${JSON.stringify(key)}:`),
      encoded,
      Buffer.from(separator),
      ...sliceChunkList(this.chunks, this.bodyStart, this.size),
    ];
  }
}

function unexpected(byte: number, wanted: string, position: number): string {
  if (byte === -1) return `the body ends early (expected ${wanted})`;
  return `expected ${wanted} at byte ${position}, found "${String.fromCharCode(byte)}"`;
}

function decodeKey(quoted: Buffer): string {
  return quoted.includes(BACKSLASH)
    ? (JSON.parse(quoted.toString('utf8')) as string)
    : quoted.toString('utf8', 1, quoted.length - 1);
}

/** Skips one value: a string, a container (brackets must balance), or a literal. */
function skipValue(cursor: ByteCursor): void {
  const first = cursor.peek();
  if (first === QUOTE) {
    cursor.advance();
    if (!cursor.skipStringBody()) throw invalidJson('the body ends inside a string');
    return;
  }
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    skipContainer(cursor);
    return;
  }
  const start = cursor.position;
  let byte = first;
  while (byte !== -1 && byte !== COMMA && byte !== CLOSE_BRACE && !isSpace(byte)) {
    if (byte === QUOTE || byte === OPEN_BRACE || byte === OPEN_BRACKET || byte === CLOSE_BRACKET) {
      throw invalidJson(unexpected(byte, 'a value', cursor.position));
    }
    cursor.advance();
    byte = cursor.peek();
  }
  if (cursor.position === start) throw invalidJson(unexpected(byte, 'a value', start));
}

function skipContainer(cursor: ByteCursor): void {
  const open: number[] = [];
  for (;;) {
    const chunk = cursor.chunk;
    if (chunk === undefined) throw invalidJson('the body ends before every bracket is closed');
    // Brackets are counted in a tight loop over the chunk; strings are skipped by search.
    let at = cursor.chunkOffset;
    for (; at < chunk.length; at += 1) {
      const byte = chunk[at] as number;
      if (byte === QUOTE) break;
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) open.push(byte);
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        const expected = open.pop() === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
        if (byte !== expected) {
          cursor.moveWithinChunk(at);
          throw invalidJson(`mismatched "${String.fromCharCode(byte)}" at byte ${cursor.position}`);
        }
        if (open.length === 0) {
          cursor.moveWithinChunk(at + 1);
          return;
        }
      }
    }
    cursor.moveWithinChunk(at);
    if (at < chunk.length) {
      cursor.advance();
      if (!cursor.skipStringBody()) throw invalidJson('the body ends inside a string');
    }
  }
}

function byteAt(chunks: readonly Buffer[], position: number): number {
  let base = 0;
  for (const chunk of chunks) {
    if (position < base + chunk.length) return chunk[position - base] ?? -1;
    base += chunk.length;
  }
  return -1;
}

/** Views of the bytes in [start, end) across chunks; no copying. */
function sliceChunkList(chunks: readonly Buffer[], start: number, end: number): Buffer[] {
  const out: Buffer[] = [];
  let base = 0;
  for (const chunk of chunks) {
    const chunkEnd = base + chunk.length;
    if (chunkEnd > start && base < end) {
      out.push(chunk.subarray(Math.max(start - base, 0), Math.min(end - base, chunk.length)));
    }
    base = chunkEnd;
    if (base >= end) break;
  }
  return out;
}

function sliceChunks(chunks: readonly Buffer[], start: number, end: number): Buffer {
  const parts = sliceChunkList(chunks, start, end);
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}
