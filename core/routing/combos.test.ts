import { describe, expect, it } from 'vitest';
import type { Combo, ComboStrategy } from '../storage/settings-schema.js';
import {
  ComboRotation,
  combosReferencing,
  describeComboProblem,
  expandCombo,
  findComboCycle,
  isModelId,
  modelPrefix,
  parseCombo,
  resolveRequestedModel,
  validateCombo,
  withCombo,
} from './combos.js';

function combo(
  name: string,
  entries: (string | [string, number])[],
  strategy: ComboStrategy = 'fallback',
): Combo {
  return {
    name,
    strategy,
    entries: entries.map((entry) =>
      typeof entry === 'string'
        ? { model: entry, weight: 1 }
        : { model: entry[0], weight: entry[1] },
    ),
  };
}

/** A `random` that returns the given draws in turn. */
function draws(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
}

describe('model ids', () => {
  it('tells prefix/model from combo names', () => {
    expect(isModelId('ds/chat')).toBe(true);
    expect(isModelId('or/meta/llama')).toBe(true);
    expect(isModelId('fast')).toBe(false);
    expect(isModelId('/chat')).toBe(false);
    expect(isModelId('ds/')).toBe(false);
    expect(modelPrefix('or/meta/llama')).toBe('or');
    expect(modelPrefix('fast')).toBeUndefined();
  });
});

describe('findComboCycle', () => {
  it('finds no loop in a tree of combos', () => {
    const combos = [combo('a', ['x/1']), combo('b', ['a', 'x/2'])];
    expect(findComboCycle(combos, combo('c', ['a', 'b']))).toBeUndefined();
  });

  it('finds a direct loop when a combo is replaced', () => {
    const combos = [combo('a', ['x/1']), combo('b', ['a'])];
    expect(findComboCycle(combos, combo('a', ['b']))).toEqual(['a', 'b', 'a']);
  });

  it('finds an indirect loop and names every step', () => {
    const combos = [combo('a', ['x/1']), combo('b', ['a']), combo('c', ['b'])];
    expect(findComboCycle(combos, combo('a', ['x/1', 'c']))).toEqual(['a', 'c', 'b', 'a']);
  });

  it('finds a self reference', () => {
    expect(findComboCycle([], combo('a', ['a']))).toEqual(['a', 'a']);
  });

  it('reports a loop already in the file that the candidate reaches', () => {
    const broken = [combo('b', ['c']), combo('c', ['b'])];
    expect(findComboCycle(broken, combo('a', ['b']))).toEqual(['b', 'c', 'b']);
  });

  it('does not mistake a shared nested combo (a diamond) for a loop', () => {
    const combos = [combo('leaf', ['x/1']), combo('l', ['leaf']), combo('r', ['leaf'])];
    expect(findComboCycle(combos, combo('top', ['l', 'r']))).toBeUndefined();
  });
});

describe('validateCombo', () => {
  const existing = [combo('fast', ['ds/chat']), combo('smart', ['an/opus', 'fast'])];

  it('accepts models and known combos', () => {
    expect(validateCombo(existing, combo('all', ['smart', 'gq/llama']))).toBeUndefined();
  });

  it('rejects an entry without / that names no combo', () => {
    expect(validateCombo(existing, combo('all', ['ds/chat', 'slow']))).toEqual({
      code: 'unknown_entry',
      entry: 'slow',
    });
  });

  it('rejects malformed ids, self references, duplicates and the reserved name', () => {
    expect(validateCombo(existing, combo('x', ['/chat']))).toEqual({
      code: 'invalid_entry',
      entry: '/chat',
    });
    expect(validateCombo(existing, combo('x', ['x']))).toEqual({
      code: 'self_reference',
      entry: 'x',
    });
    expect(validateCombo(existing, combo('x', ['ds/chat', 'ds/chat']))).toEqual({
      code: 'duplicate_entry',
      entry: 'ds/chat',
    });
    expect(validateCombo(existing, combo('auto', ['ds/chat']))).toEqual({
      code: 'reserved_name',
      name: 'auto',
    });
  });

  it('rejects a replacement that closes a loop', () => {
    const problem = validateCombo(existing, combo('fast', ['ds/chat', 'smart']));
    expect(problem).toEqual({ code: 'cycle', path: ['fast', 'smart', 'fast'] });
    expect(describeComboProblem(problem ?? { code: 'cycle', path: [] })).toBe(
      'combos would loop: fast → smart → fast',
    );
  });

  it('lists who references a combo', () => {
    expect(combosReferencing(existing, 'fast')).toEqual(['smart']);
    expect(combosReferencing(existing, 'smart')).toEqual([]);
  });

  it('replaces a combo in place or appends a new one', () => {
    const replaced = withCombo(existing, combo('fast', ['gq/llama']));
    expect(replaced.map((c) => c.name)).toEqual(['fast', 'smart']);
    expect(replaced[0]?.entries[0]?.model).toBe('gq/llama');
    expect(withCombo(existing, combo('new', ['a/b'])).map((c) => c.name)).toEqual([
      'fast',
      'smart',
      'new',
    ]);
  });
});

describe('parseCombo and unserved models', () => {
  it('says which field is wrong, with the name rule in words', () => {
    expect(parseCombo({ name: 'Big/One', entries: [{ model: 'a/b' }] })).toEqual({
      ok: false,
      field: 'name',
      message: 'use lowercase letters, digits, dot, dash and underscore (no /)',
    });
    expect(parseCombo({ name: 'x', entries: [] })).toMatchObject({ ok: false, field: 'entries' });
    expect(parseCombo({ name: 'x', entries: [{ model: 'a/b' }] })).toEqual({
      ok: true,
      combo: { name: 'x', strategy: 'fallback', entries: [{ model: 'a/b', weight: 1 }] },
    });
  });

  it('refuses a model the caller says nothing serves, and only models', () => {
    const problem = (model: string) => (model === 'z/gone' ? 'no account serves it' : undefined);
    const candidate = combo('new', ['a/x', 'z/gone']);
    expect(validateCombo([], candidate)).toBeUndefined();
    const found = validateCombo([], candidate, problem);
    expect(found).toEqual({
      code: 'unknown_model',
      entry: 'z/gone',
      detail: 'no account serves it',
    });
    expect(found && describeComboProblem(found)).toBe(
      "unknown model 'z/gone': no account serves it",
    );
  });
});

describe('expandCombo', () => {
  it('keeps the listed order for fallback and expands nested combos in place', () => {
    const combos = [
      combo('cheap', ['ds/chat', 'gq/llama']),
      combo('main', ['an/opus', 'cheap', 'oa/gpt']),
    ];
    expect(expandCombo('main', combos, new ComboRotation())).toEqual([
      'an/opus',
      'ds/chat',
      'gq/llama',
      'oa/gpt',
    ]);
  });

  it('lists each model once, at its first place', () => {
    const combos = [
      combo('cheap', ['ds/chat', 'an/opus']),
      combo('other', ['cheap', 'oa/gpt']),
      combo('main', ['an/opus', 'cheap', 'other', 'ds/chat']),
    ];
    expect(expandCombo('main', combos, new ComboRotation())).toEqual([
      'an/opus',
      'ds/chat',
      'oa/gpt',
    ]);
  });

  it('returns nothing for an unknown combo and survives a loop in a hand-edited file', () => {
    expect(expandCombo('nope', [], new ComboRotation())).toEqual([]);
    const broken = [combo('a', ['x/1', 'b']), combo('b', ['a', 'x/2'])];
    expect(expandCombo('a', broken, new ComboRotation())).toEqual(['x/1', 'x/2']);
  });

  it('rotates the start of a round-robin combo on each request, then falls back in order', () => {
    const combos = [combo('rr', ['a/1', 'b/2', 'c/3'], 'round-robin')];
    const rotation = new ComboRotation();
    const runs = Array.from({ length: 4 }, () => expandCombo('rr', combos, rotation));
    expect(runs).toEqual([
      ['a/1', 'b/2', 'c/3'],
      ['b/2', 'c/3', 'a/1'],
      ['c/3', 'a/1', 'b/2'],
      ['a/1', 'b/2', 'c/3'],
    ]);
  });

  it('rotates a nested round-robin combo inside a fallback one', () => {
    const combos = [combo('pool', ['a/1', 'b/2'], 'round-robin'), combo('main', ['pool', 'z/9'])];
    const rotation = new ComboRotation();
    expect(expandCombo('main', combos, rotation)).toEqual(['a/1', 'b/2', 'z/9']);
    expect(expandCombo('main', combos, rotation)).toEqual(['b/2', 'a/1', 'z/9']);
    expect(rotation.toJSON()).toEqual({ pool: 0 });
  });

  it('keeps the turns through a JSON round trip', () => {
    const combos = [combo('rr', ['a/1', 'b/2', 'c/3'], 'round-robin')];
    const rotation = new ComboRotation();
    expandCombo('rr', combos, rotation);
    const restored = ComboRotation.fromJSON(JSON.parse(JSON.stringify(rotation)));
    expect(restored.toJSON()).toEqual({ rr: 1 });
    expect(expandCombo('rr', combos, restored)).toEqual(['b/2', 'c/3', 'a/1']);
  });

  it('drops malformed persisted turns and fits turns to a shorter combo', () => {
    expect(ComboRotation.fromJSON({ a: 2, b: -1, c: 1.5, d: 'x' }).toJSON()).toEqual({ a: 2 });
    expect(ComboRotation.fromJSON(null).toJSON()).toEqual({});
    expect(ComboRotation.fromJSON([1, 2]).toJSON()).toEqual({});
    const rotation = ComboRotation.fromJSON({ rr: 5 });
    expect(expandCombo('rr', [combo('rr', ['a/1', 'b/2'], 'round-robin')], rotation)).toEqual([
      'b/2',
      'a/1',
    ]);
    rotation.retain(['other']);
    expect(rotation.toJSON()).toEqual({});
  });

  it('picks the first weighted entry in proportion to its weight, then the rest by weight', () => {
    const combos = [
      combo(
        'w',
        [
          ['a/1', 1],
          ['b/2', 3],
          ['c/3', 2],
        ],
        'weighted',
      ),
    ];
    const rotation = new ComboRotation();
    // Total 6: [0, 1) → a, [1, 4) → b, [4, 6) → c.
    expect(expandCombo('w', combos, rotation, () => 0)).toEqual(['a/1', 'b/2', 'c/3']);
    expect(expandCombo('w', combos, rotation, () => 1 / 6)).toEqual(['b/2', 'c/3', 'a/1']);
    expect(expandCombo('w', combos, rotation, () => 3.99 / 6)).toEqual(['b/2', 'c/3', 'a/1']);
    expect(expandCombo('w', combos, rotation, () => 4 / 6)).toEqual(['c/3', 'b/2', 'a/1']);
    expect(expandCombo('w', combos, rotation, () => 0.999999)).toEqual(['c/3', 'b/2', 'a/1']);
    expect(expandCombo('w', combos, rotation, () => 1)).toEqual(['c/3', 'b/2', 'a/1']);
  });

  it('follows the weights over many draws', () => {
    const combos = [
      combo(
        'w',
        [
          ['a/1', 1],
          ['b/2', 3],
        ],
        'weighted',
      ),
    ];
    const counts = { 'a/1': 0, 'b/2': 0 };
    const random = draws(...Array.from({ length: 100 }, (_, i) => i / 100));
    for (let i = 0; i < 100; i += 1) {
      const first = expandCombo('w', combos, new ComboRotation(), random)[0] as keyof typeof counts;
      counts[first] += 1;
    }
    expect(counts).toEqual({ 'a/1': 25, 'b/2': 75 });
  });

  it('applies each nested combo its own strategy', () => {
    const combos = [
      combo(
        'w',
        [
          ['w/1', 1],
          ['w/2', 1],
        ],
        'weighted',
      ),
      combo('rr', ['r/1', 'w'], 'round-robin'),
      combo('main', ['rr', 'm/1']),
    ];
    const rotation = new ComboRotation();
    const random = draws(0.75);
    expect(expandCombo('main', combos, rotation, random)).toEqual(['r/1', 'w/2', 'w/1', 'm/1']);
    expect(expandCombo('main', combos, rotation, random)).toEqual(['w/2', 'w/1', 'r/1', 'm/1']);
  });
});

describe('resolveRequestedModel', () => {
  const combos = [combo('fast', ['ds/chat'])];

  it('maps auto to the active combo, or to unknown when none is active', () => {
    expect(resolveRequestedModel('auto', { combos, routing: routing('fast') })).toEqual({
      kind: 'combo',
      name: 'fast',
    });
    expect(resolveRequestedModel('auto', { combos, routing: routing() })).toEqual({
      kind: 'unknown',
    });
    expect(resolveRequestedModel('auto', { combos, routing: routing('gone') })).toEqual({
      kind: 'unknown',
    });
  });

  it('maps combo names to combos and prefix/model to models', () => {
    const settings = { combos, routing: routing() };
    expect(resolveRequestedModel('fast', settings)).toEqual({ kind: 'combo', name: 'fast' });
    expect(resolveRequestedModel('ds/chat', settings)).toEqual({ kind: 'model', id: 'ds/chat' });
    expect(resolveRequestedModel('slow', settings)).toEqual({ kind: 'unknown' });
    expect(resolveRequestedModel('ds/', settings)).toEqual({ kind: 'unknown' });
  });
});

function routing(activeCombo?: string) {
  return {
    ...(activeCombo === undefined ? {} : { activeCombo }),
    unknownModelsToActiveCombo: false,
    accountStrategy: 'fill-first' as const,
    paused: false,
  };
}
