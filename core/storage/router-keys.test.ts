import { describe, expect, it } from 'vitest';
import { createRouterKey, hashRouterKey, RouterKeyIndex } from './router-keys.js';
import { routerKeySchema } from './settings-schema.js';

describe('router keys', () => {
  it('issues sy- keys carrying 256 random bits, with a schema-valid record', () => {
    const { key, record } = createRouterKey('laptop');
    expect(key).toMatch(/^sy-[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32);
    expect(routerKeySchema.parse(record)).toEqual(record);
    expect(record.name).toBe('laptop');
    expect(record.hash).toBe(hashRouterKey(key));
    expect(record.hint).toBe(key.slice(-4));
    expect(JSON.stringify(record)).not.toContain(key);
  });

  it('never repeats a key or id', () => {
    const created = Array.from({ length: 200 }, () => createRouterKey('k'));
    expect(new Set(created.map((c) => c.key)).size).toBe(200);
    expect(new Set(created.map((c) => c.record.id)).size).toBe(200);
  });

  it('verifies issued keys and rejects others, and forgets revoked ones', () => {
    const a = createRouterKey('a');
    const b = createRouterKey('b');
    const index = new RouterKeyIndex([a.record, b.record]);
    expect(index.verify(a.key)).toEqual(a.record);
    expect(index.verify(b.key)?.id).toBe(b.record.id);
    expect(index.verify(`${a.key}x`)).toBeUndefined();
    expect(index.verify('')).toBeUndefined();
    expect(index.verify(a.record.hash)).toBeUndefined();
    expect(index.verify('x'.repeat(10_000))).toBeUndefined();

    const afterRevoke = new RouterKeyIndex([b.record]);
    expect(afterRevoke.verify(a.key)).toBeUndefined();
    expect(afterRevoke.verify(b.key)).toEqual(b.record);
  });

  it('takes injected randomness and time', () => {
    const { key, record } = createRouterKey('fixed', {
      random: (size) => Buffer.alloc(size, 0xab),
      now: () => new Date('2025-05-05T00:00:00.000Z'),
    });
    expect(key).toBe(`sy-${Buffer.alloc(32, 0xab).toString('base64url')}`);
    expect(record.id).toBe('rk_abababababab');
    expect(record.createdAt).toBe('2025-05-05T00:00:00.000Z');
  });
});
