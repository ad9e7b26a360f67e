/**
 * AWS event-stream framing (`application/vnd.amazon.eventstream`), both ways.
 *
 * A frame is: total length (u32), headers length (u32), CRC32 of those eight
 * bytes, the headers, the payload, and a CRC32 of everything before it. All
 * integers are big-endian. Each header is a name (u8 length + bytes), a type
 * byte and a typed value. The layout is AWS's published event-stream encoding
 * (the AWS SDKs' `eventstream` codec documents the same).
 */
import { crc32 } from 'node:zlib';

export type HeaderValue = string | number | bigint | boolean | Uint8Array;

export interface EventFrame {
  headers: Record<string, HeaderValue>;
  payload: Uint8Array;
}

/** Why the byte stream cannot be read any further. */
export interface FrameError {
  message: string;
}

const PRELUDE_BYTES = 12;
const CRC_BYTES = 4;
const MIN_FRAME_BYTES = PRELUDE_BYTES + CRC_BYTES;
/** AWS caps a message at 16 MiB; a bigger declared length is corruption, not a frame to wait for. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Reassembles frames from chunks cut anywhere; after the first bad frame it reports that and stops. */
export class EventStreamReader {
  private buffered: Buffer = Buffer.alloc(0);
  private broken: FrameError | undefined;

  /** Frames completed by this chunk, or the error that ended the stream. */
  push(chunk: Uint8Array): { frames: EventFrame[]; error?: FrameError } {
    if (this.broken !== undefined) return { frames: [] };
    this.buffered =
      this.buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, chunk]);
    const frames: EventFrame[] = [];
    while (this.buffered.length >= PRELUDE_BYTES) {
      const total = this.buffered.readUInt32BE(0);
      const headersLength = this.buffered.readUInt32BE(4);
      if (crc32(this.buffered.subarray(0, 8)) !== this.buffered.readUInt32BE(8)) {
        return this.fail(frames, 'an event-stream frame failed its prelude checksum');
      }
      if (
        total < MIN_FRAME_BYTES ||
        total > MAX_FRAME_BYTES ||
        headersLength > total - MIN_FRAME_BYTES
      ) {
        return this.fail(frames, `an event-stream frame declared an impossible length (${total})`);
      }
      if (this.buffered.length < total) break;
      const frame = this.buffered.subarray(0, total);
      this.buffered = this.buffered.subarray(total);
      if (crc32(frame.subarray(0, total - CRC_BYTES)) !== frame.readUInt32BE(total - CRC_BYTES)) {
        return this.fail(frames, 'an event-stream frame failed its message checksum');
      }
      const headers = readHeaders(frame.subarray(PRELUDE_BYTES, PRELUDE_BYTES + headersLength));
      if (headers === undefined) return this.fail(frames, 'an event-stream frame has bad headers');
      frames.push({
        headers,
        payload: frame.subarray(PRELUDE_BYTES + headersLength, total - CRC_BYTES),
      });
    }
    return { frames };
  }

  /** Bytes left over at the end mean the last frame was cut short. */
  end(): FrameError | undefined {
    if (this.broken !== undefined || this.buffered.length === 0) return undefined;
    return { message: 'the event stream ended in the middle of a frame' };
  }

  private fail(frames: EventFrame[], message: string): { frames: EventFrame[]; error: FrameError } {
    this.broken = { message };
    this.buffered = Buffer.alloc(0);
    return { frames, error: this.broken };
  }
}

function readHeaders(bytes: Buffer): Record<string, HeaderValue> | undefined {
  const headers: Record<string, HeaderValue> = {};
  let at = 0;
  const need = (count: number): boolean => at + count <= bytes.length;
  while (at < bytes.length) {
    const nameLength = bytes.readUInt8(at);
    at += 1;
    if (!need(nameLength + 1)) return undefined;
    const name = bytes.toString('utf8', at, at + nameLength);
    at += nameLength;
    const type = bytes.readUInt8(at);
    at += 1;
    let value: HeaderValue;
    switch (type) {
      case 0:
      case 1:
        value = type === 0;
        break;
      case 2:
        if (!need(1)) return undefined;
        value = bytes.readInt8(at);
        at += 1;
        break;
      case 3:
        if (!need(2)) return undefined;
        value = bytes.readInt16BE(at);
        at += 2;
        break;
      case 4:
        if (!need(4)) return undefined;
        value = bytes.readInt32BE(at);
        at += 4;
        break;
      case 5:
      case 8:
        // 8 is a timestamp: epoch milliseconds as a signed 64-bit integer.
        if (!need(8)) return undefined;
        value = bytes.readBigInt64BE(at);
        at += 8;
        break;
      case 6:
      case 7: {
        if (!need(2)) return undefined;
        const length = bytes.readUInt16BE(at);
        at += 2;
        if (!need(length)) return undefined;
        value =
          type === 7
            ? bytes.toString('utf8', at, at + length)
            : new Uint8Array(bytes.subarray(at, at + length));
        at += length;
        break;
      }
      case 9:
        if (!need(16)) return undefined;
        value = new Uint8Array(bytes.subarray(at, at + 16));
        at += 16;
        break;
      default:
        return undefined;
    }
    headers[name] = value;
  }
  return headers;
}

/** One frame with string headers, as AWS services send events (used by fakes and tests). */
export function encodeFrame(
  headers: Readonly<Record<string, string>>,
  payload: Uint8Array,
): Buffer {
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const head = Buffer.alloc(1 + nameBytes.length + 3);
    head.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(head, 1);
    head.writeUInt8(7, 1 + nameBytes.length);
    head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    headerParts.push(head, valueBytes);
  }
  const headerBytes = Buffer.concat(headerParts);
  const total = PRELUDE_BYTES + headerBytes.length + payload.length + CRC_BYTES;
  const frame = Buffer.alloc(total);
  frame.writeUInt32BE(total, 0);
  frame.writeUInt32BE(headerBytes.length, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  headerBytes.copy(frame, PRELUDE_BYTES);
  Buffer.from(payload).copy(frame, PRELUDE_BYTES + headerBytes.length);
  frame.writeUInt32BE(crc32(frame.subarray(0, total - CRC_BYTES)), total - CRC_BYTES);
  return frame;
}
