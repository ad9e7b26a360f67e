import { describe, expect, it } from 'vitest';
import { randomId } from './ids.js';

describe('randomId', () => {
  it('makes prefixed ids of the asked length that do not repeat, across pool refills', () => {
    const ids = Array.from({ length: 1000 }, () => randomId('call_', 24));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^call_[A-Za-z0-9]{24}$/);
  });
});
