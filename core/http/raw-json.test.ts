import { describe, expect, it } from 'vitest';
import { isSwitchyardError } from '../shared/errors.js';
import { RawJsonBody } from './raw-json.js';

/** Splits text into chunks at the given byte offsets, the way a socket might. */
function chunked(text: string, cuts: number[]): RawJsonBody {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(last, cut));
    last = cut;
  }
  return RawJsonBody.scan(chunks, bytes.length);
}

const SAMPLES = [
  '{"model":"a/b","messages":[{"role":"user","content":"hi"}],"stream":true}',
  ' { "messages" : [ ] , "model" : "x/y" , "n" : -1.5e3 , "ok" : null } ',
  '{"stream":false,"nested":{"model":"not me","arr":[1,[2,{"}":"]"}]]},"model":"p/q"}',
  '{"model":"esc\\"aped\\\\","text":"quote \\" backslash \\\\ unicode \\u00e9 é 🚀","model2":"z"}',
  '{"a\\u0062c":1,"model":"last"}',
  '{}',
  // Escapes one after another, then an escaped quote: each must be stepped over, never taken as the end.
  '{"messages":[{"content":"a\\nb\\nc\\"}\\\\","x":"]"},["\\\\\\"",{"k":"\\u005d"}]],"model":"m/n"}',
  '{"tools":[{"d":"[{\\"\\"}]"},[[],{}],"\\\\"],"messages":[{"c":"x\\ty\\"z"}],"model":"t/u"}',
];

describe('RawJsonBody', () => {
  it.each(SAMPLES)('agrees with JSON.parse, whatever the chunking: %s', (text) => {
    const expected = JSON.parse(text) as Record<string, unknown>;
    const size = Buffer.byteLength(text);
    for (let cut = 0; cut <= size; cut += 1) {
      const body = chunked(text, cut === 0 || cut === size ? [] : [cut]);
      for (const [key, value] of Object.entries(expected)) expect(body.value(key)).toEqual(value);
      expect(body.json()).toEqual(expected);
      const swapped = JSON.parse(
        Buffer.concat(body.withField('model', 'up')).toString(),
      ) as unknown;
      expect(swapped).toEqual({ ...expected, model: 'up' });
    }
  });

  it('splits across many tiny chunks', () => {
    const text = SAMPLES[3] as string;
    const cuts = Array.from({ length: Buffer.byteLength(text) - 1 }, (_, index) => index + 1);
    expect(chunked(text, cuts).value('model')).toBe('esc"aped\\');
  });

  it('reports the shape of a field without parsing it', () => {
    const body = RawJsonBody.fromText('{"a":[ ],"b":[1],"c":{},"d":"s","e":3}');
    expect(body.shape('a')).toEqual({ kind: 'array', empty: true });
    expect(body.shape('b')).toEqual({ kind: 'array', empty: false });
    expect(body.shape('c')).toEqual({ kind: 'object', empty: true });
    expect(body.shape('d')).toEqual({ kind: 'string', empty: false });
    expect(body.shape('e')).toEqual({ kind: 'other', empty: false });
    expect(body.shape('missing')).toBeUndefined();
  });

  it('later duplicates win, as in JSON.parse', () => {
    expect(RawJsonBody.fromText('{"model":"a","model":"b"}').value('model')).toBe('b');
  });

  it('inserts a missing field', () => {
    const body = RawJsonBody.fromText('{"x":1}');
    expect(JSON.parse(Buffer.concat(body.withField('model', 'm')).toString())).toEqual({
      x: 1,
      model: 'm',
    });
    const empty = RawJsonBody.fromText('{ }');
    expect(JSON.parse(Buffer.concat(empty.withField('model', 'm')).toString())).toEqual({
      model: 'm',
    });
  });

  it('shares the original bytes instead of copying them', () => {
    // Over 4 KiB, so the body owns its memory: a copy could not share Buffer's small-allocation pool.
    const bytes = Buffer.from('{"model":"a","messages":["' + 'x'.repeat(10_000) + '"]}');
    const parts = RawJsonBody.scan([bytes], bytes.length).withField('model', 'b');
    expect(parts.at(-1)?.buffer).toBe(bytes.buffer);
  });

  it.each([
    ['', /empty/],
    ['[1,2]', /must be a JSON object/],
    ['"text"', /must be a JSON object/],
    ['{"model":"a"', /ends early/],
    ['{"model":"a', /ends inside a string/],
    ['{"messages":[{"role":"user"}', /ends before every bracket/],
    ['{"a":[1}', /mismatched "}" at byte 7/],
    ['{"a":[{"b":"]\\""]}', /mismatched "]" at byte 16/],
    ['{"a":["x\\"]}', /ends inside a string/],
    ['{"a" 1}', /expected ":"/],
    ['{"a":1 "b":2}', /expected "," or "}"/],
    ['{"a":}', /expected a value/],
    ['{a:1}', /expected a field name/],
    ['{"a":1}x', /after the object/],
  ])('rejects %j with a 400', (text, message) => {
    try {
      RawJsonBody.fromText(text);
      expect.unreachable();
    } catch (error) {
      expect(isSwitchyardError(error) && error.status).toBe(400);
      expect((error as Error).message).toMatch(message);
    }
  });
});
