/**
 * Combos: named, ordered lists of `prefix/model` ids and other combos' names.
 * Validation (run when a combo is saved), expansion of one request's
 * candidate list, and the mapping of a requested model to a combo or a model.
 * Pure: no I/O, no module state. Round-robin counters live in a
 * `ComboRotation` the caller owns; randomness is injected.
 */
import { comboSchema, type Combo, type Settings } from '../storage/settings-schema.js';

/** The model name that means "the active combo". Never usable as a combo's name. */
export const AUTO_MODEL = 'auto';

export type ComboProblem =
  /** The combo's name is reserved (`auto`). */
  | { code: 'reserved_name'; name: string }
  /** An entry with a `/` that is not `prefix/model` (empty prefix or model). */
  | { code: 'invalid_entry'; entry: string }
  /** The combo lists itself. */
  | { code: 'self_reference'; entry: string }
  /** A bare entry (no `/`) that names no combo. */
  | { code: 'unknown_entry'; entry: string }
  /** The same entry listed twice. */
  | { code: 'duplicate_entry'; entry: string }
  /** A `prefix/model` the caller's check says nothing serves; `detail` says why. */
  | { code: 'unknown_model'; entry: string; detail: string }
  /** Saving would make a loop of combos; `path` starts and ends with the same name. */
  | { code: 'cycle'; path: string[] };

/** True for `prefix/model` (a non-empty prefix before the first `/` and something after it). */
export function isModelId(entry: string): boolean {
  const slash = entry.indexOf('/');
  return slash > 0 && slash < entry.length - 1;
}

/** The `prefix` of a `prefix/model` id, or undefined for a combo name. */
export function modelPrefix(entry: string): string | undefined {
  return isModelId(entry) ? entry.slice(0, entry.indexOf('/')) : undefined;
}

/** The rule a combo name breaks, in words (the schema's regex is not something to show a person). */
export const COMBO_NAME_RULE = 'use lowercase letters, digits, dot, dash and underscore (no /)';

/**
 * A combo checked against the settings schema, before it is checked against
 * the other combos. `field` names the part at fault (`name`, `entries`…).
 */
export function parseCombo(
  input: unknown,
): { ok: true; combo: Combo } | { ok: false; field: string; message: string } {
  const parsed = comboSchema.safeParse(input);
  if (parsed.success) return { ok: true, combo: parsed.data };
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  return {
    ok: false,
    field,
    message: field === 'name' ? COMBO_NAME_RULE : (issue?.message ?? 'invalid value'),
  };
}

/** `combos` with `candidate` added, or replacing the combo of the same name in place. */
export function withCombo(combos: readonly Combo[], candidate: Combo): Combo[] {
  const index = combos.findIndex((combo) => combo.name === candidate.name);
  if (index < 0) return [...combos, candidate];
  return combos.map((combo, i) => (i === index ? candidate : combo));
}

/**
 * The loop saving `candidate` would create, as the names along it
 * (`['a', 'b', 'a']`), or undefined. Any new loop must pass through the
 * candidate, so only what is reachable from it is searched; a loop already
 * in a hand-edited file that the candidate reaches is reported too.
 */
export function findComboCycle(combos: readonly Combo[], candidate: Combo): string[] | undefined {
  const byName = comboMap(withCombo(combos, candidate));
  const stack: string[] = [];
  const onStack = new Set<string>();
  const done = new Set<string>();

  const visit = (name: string): string[] | undefined => {
    if (onStack.has(name)) return [...stack.slice(stack.indexOf(name)), name];
    if (done.has(name)) return undefined;
    const combo = byName.get(name);
    if (combo === undefined) return undefined;
    stack.push(name);
    onStack.add(name);
    for (const entry of combo.entries) {
      if (isModelId(entry.model)) continue;
      const cycle = visit(entry.model);
      if (cycle !== undefined) return cycle;
    }
    stack.pop();
    onStack.delete(name);
    done.add(name);
    return undefined;
  };

  return visit(candidate.name);
}

/**
 * The first reason `candidate` may not be saved next to `combos`, or
 * undefined. `modelProblem`, when given, says why nothing serves a
 * `prefix/model` entry (the CLI leaves it out and only warns; the dashboard refuses).
 */
export function validateCombo(
  combos: readonly Combo[],
  candidate: Combo,
  modelProblem?: (model: string) => string | undefined,
): ComboProblem | undefined {
  if (candidate.name === AUTO_MODEL) return { code: 'reserved_name', name: candidate.name };
  const known = new Set(combos.map((combo) => combo.name));
  const seen = new Set<string>();
  for (const { model: entry } of candidate.entries) {
    if (entry.includes('/') && !isModelId(entry)) return { code: 'invalid_entry', entry };
    if (entry === candidate.name) return { code: 'self_reference', entry };
    if (!isModelId(entry) && !known.has(entry)) return { code: 'unknown_entry', entry };
    if (seen.has(entry)) return { code: 'duplicate_entry', entry };
    seen.add(entry);
    const detail = isModelId(entry) ? modelProblem?.(entry) : undefined;
    if (detail !== undefined) return { code: 'unknown_model', entry, detail };
  }
  const path = findComboCycle(combos, candidate);
  return path === undefined ? undefined : { code: 'cycle', path };
}

/** One line for a person, e.g. in a CLI error or the dashboard. */
export function describeComboProblem(problem: ComboProblem): string {
  switch (problem.code) {
    case 'reserved_name':
      return `'${problem.name}' is reserved (it means the active combo); choose another name`;
    case 'invalid_entry':
      return `'${problem.entry}' is neither prefix/model nor a combo name`;
    case 'self_reference':
      return `a combo cannot list itself ('${problem.entry}')`;
    case 'unknown_entry':
      return `unknown combo '${problem.entry}' (models are written prefix/model)`;
    case 'duplicate_entry':
      return `'${problem.entry}' is listed more than once`;
    case 'unknown_model':
      return `unknown model '${problem.entry}': ${problem.detail}`;
    case 'cycle':
      return `combos would loop: ${problem.path.join(' → ')}`;
  }
}

/** Names of the combos that list `name` as an entry. */
export function combosReferencing(combos: readonly Combo[], name: string): string[] {
  return combos
    .filter((combo) => combo.entries.some((entry) => entry.model === name))
    .map((combo) => combo.name);
}

/** Why a combo that others list cannot be removed, naming them. */
export function describeComboInUse(name: string, users: readonly string[]): string {
  return (
    `combo '${name}' is listed by ${users.map((user) => `'${user}'`).join(', ')}; ` +
    'take it out of those first'
  );
}

/**
 * Round-robin positions, one per combo: where the next request starts. The
 * engine owns one instance and may persist it with `toJSON`/`fromJSON`.
 */
export class ComboRotation {
  private readonly next = new Map<string, number>();

  /** The starting index for this request among `length` entries; advances the combo's turn. */
  take(name: string, length: number): number {
    if (length <= 0) return 0;
    const start = (this.next.get(name) ?? 0) % length;
    this.next.set(name, (start + 1) % length);
    return start;
  }

  /** Where `name` would start next, without advancing. */
  peek(name: string, length: number): number {
    return length <= 0 ? 0 : (this.next.get(name) ?? 0) % length;
  }

  /** Drops the turn of combos not in `names` (e.g. after combos were removed). */
  retain(names: Iterable<string>): void {
    const keep = new Set(names);
    for (const name of [...this.next.keys()]) if (!keep.has(name)) this.next.delete(name);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.next);
  }

  /** Accepts what `toJSON` wrote; anything malformed is dropped, so a bad file only resets turns. */
  static fromJSON(value: unknown): ComboRotation {
    const rotation = new ComboRotation();
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return rotation;
    for (const [name, position] of Object.entries(value)) {
      if (Number.isSafeInteger(position) && (position as number) >= 0) {
        rotation.next.set(name, position as number);
      }
    }
    return rotation;
  }
}

/**
 * The concrete `prefix/model` candidates for one request to combo `name`, in
 * the order to try them, each at most once. Every combo met on the way
 * orders its own entries by its strategy, and a nested combo's candidates
 * take its place in the list. A combo already expanded in this request (or
 * unknown) adds nothing, which also stops a loop in a hand-edited file.
 * Round-robin combos advance their turn in `rotation` each time they are
 * expanded. `random` returns [0, 1), like Math.random.
 */
export function expandCombo(
  name: string,
  combos: readonly Combo[],
  rotation: ComboRotation,
  random: () => number = Math.random,
): string[] {
  const byName = comboMap(combos);
  const expanded = new Set<string>();
  const candidates = new Set<string>();

  const expand = (comboName: string): void => {
    const combo = byName.get(comboName);
    if (combo === undefined || expanded.has(comboName)) return;
    expanded.add(comboName);
    for (const entry of orderEntries(combo, rotation, random)) {
      if (isModelId(entry)) candidates.add(entry);
      else expand(entry);
    }
  };

  expand(name);
  return [...candidates];
}

/** One combo's own entries in the order this request tries them. */
function orderEntries(combo: Combo, rotation: ComboRotation, random: () => number): string[] {
  const models = combo.entries.map((entry) => entry.model);
  switch (combo.strategy) {
    case 'fallback':
      return models;
    case 'round-robin': {
      const start = rotation.take(combo.name, models.length);
      return [...models.slice(start), ...models.slice(0, start)];
    }
    case 'weighted': {
      // The draw walks the entries as listed; the rest follow by weight, ties as listed (stable sort).
      const first = pickWeighted(combo.entries, random());
      const byWeight = [...combo.entries].sort((a, b) => b.weight - a.weight);
      return [first, ...byWeight.filter((entry) => entry !== first)].map((entry) => entry.model);
    }
  }
}

function pickWeighted<T extends { weight: number }>(entries: readonly T[], draw: number): T {
  const total = entries.reduce((sum, entry) => sum + entry.weight, 0);
  let target = draw * total;
  for (const entry of entries) {
    if (target < entry.weight) return entry;
    target -= entry.weight;
  }
  // Only reached through rounding (or a `random` that returned 1): the last entry.
  const last = entries[entries.length - 1];
  if (last === undefined) throw new Error('a combo has at least one entry');
  return last;
}

function comboMap(combos: readonly Combo[]): Map<string, Combo> {
  return new Map(combos.map((combo) => [combo.name, combo]));
}

export type RequestedModel =
  { kind: 'combo'; name: string } | { kind: 'model'; id: string } | { kind: 'unknown' };

/**
 * What a client's `model` names: `auto` is the active combo, a bare name
 * that is a combo is that combo, `prefix/model` is a model (whether any
 * provider serves it is for the engine's resolver to say). Everything else
 * is unknown, including `auto` with no active combo (or an active combo that
 * no longer exists).
 *
 * `routing.unknownModelsToActiveCombo` is deliberately not applied here: the
 * engine decides, after trying to resolve a `model` (or on `unknown`),
 * whether to answer 404 or to serve the active combo instead.
 */
export function resolveRequestedModel(
  model: string,
  settings: Pick<Settings, 'combos' | 'routing'>,
): RequestedModel {
  const hasCombo = (name: string) => settings.combos.some((combo) => combo.name === name);
  if (model === AUTO_MODEL) {
    const active = settings.routing.activeCombo;
    return active !== undefined && hasCombo(active)
      ? { kind: 'combo', name: active }
      : { kind: 'unknown' };
  }
  if (isModelId(model)) return { kind: 'model', id: model };
  if (hasCombo(model)) return { kind: 'combo', name: model };
  return { kind: 'unknown' };
}
