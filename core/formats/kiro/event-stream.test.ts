// AWS event-stream framing: frames cut anywhere, checksums, corrupt and truncated input.
import { describe, expect, it } from 'vitest';
import { encodeFrame, EventStreamReader } from './event-stream.js';

const payload = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const event = (type: string, value: unknown): Buffer =>
  encodeFrame(
    { ':message-type': 'event', ':event-type': type, ':content-type': 'application/json' },
    payload(value),
  );

describe('EventStreamReader', () => {
  it('reads frames split at every byte boundary', () => {
    const bytes = Buffer.concat([event('a', { n: 1 }), event('b', { n: 2 })]);
    const reader = new EventStreamReader();
    const frames = [];
    for (let i = 0; i < bytes.length; i += 1)
      frames.push(...reader.push(bytes.subarray(i, i + 1)).frames);
    expect(frames.map((f) => f.headers[':event-type'])).toEqual(['a', 'b']);
    expect(JSON.parse(Buffer.from(frames[1]?.payload ?? []).toString())).toEqual({ n: 2 });
    expect(reader.end()).toBeUndefined();
  });

  it('reports a flipped payload byte as a message checksum failure and stops', () => {
    const bytes = Buffer.concat([event('a', { n: 1 }), event('b', { n: 2 })]);
    const second = event('a', { n: 1 }).length;
    bytes.writeUInt8(bytes.readUInt8(second + 20) ^ 0xff, second + 20);
    const reader = new EventStreamReader();
    const result = reader.push(bytes);
    expect(result.frames).toHaveLength(1);
    expect(result.error?.message).toMatch(/checksum/);
    expect(reader.push(event('c', {})).frames).toEqual([]);
  });

  it('rejects a corrupt prelude rather than waiting for a huge frame', () => {
    const bytes = event('a', {});
    bytes.writeUInt32BE(0x7fffffff, 0);
    expect(new EventStreamReader().push(bytes).error?.message).toMatch(/prelude/);
  });

  it('says when the stream ends mid-frame', () => {
    const reader = new EventStreamReader();
    reader.push(event('a', {}).subarray(0, 20));
    expect(reader.end()?.message).toMatch(/middle of a frame/);
  });
});
