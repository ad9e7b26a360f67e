/** The combos store against a fake connection: load, save (and refusals), remove, activate, events. */
import { describe, expect, it } from 'vitest';
import type { ComboDraft, ComboView, Result } from '../../../core/shared/contract.js';
import { fakeConnection, ok } from '../testing/fake-connection';
import { createCombosStore } from './combos';
import { connectLive, createStores } from '.';

const work: ComboView = {
  name: 'work',
  strategy: 'fallback',
  entries: [{ model: 'a/x', weight: 1, served: true }],
  active: true,
};
const cheap: ComboView = {
  name: 'cheap',
  strategy: 'round-robin',
  entries: [
    { model: 'b/y', weight: 1, served: true },
    { model: 'a/x', weight: 1, served: true },
  ],
  active: false,
};

function refused(message: string): Result<never> {
  return { ok: false, error: { code: 'invalid_request', message } };
}

function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('combos store', () => {
  it('loads the combos and the models for the picker', async () => {
    const fake = fakeConnection({
      'combos.list': () => ok([work, cheap]),
      'models.list': () => ok(['a/x', 'b/y', 'work', 'cheap']),
    });
    const store = createCombosStore(fake.connection);
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      combos: [work, cheap],
      models: ['a/x', 'b/y', 'work', 'cheap'],
      error: undefined,
    });
  });

  it('saves a draft, answering with the new list and fresh models', async () => {
    const fake = fakeConnection({
      'combos.save': () => ok([work, cheap]),
      'models.list': () => ok(['a/x', 'b/y', 'work', 'cheap']),
    });
    const store = createCombosStore(fake.connection);
    const draft: ComboDraft = {
      name: 'cheap',
      strategy: 'round-robin',
      entries: [{ model: 'b/y' }, { model: 'a/x' }],
    };
    expect(await store.getState().save(draft)).toBe(true);
    expect(fake.calls[0]).toEqual(['combos.save', draft]);
    expect(store.getState()).toMatchObject({ combos: [work, cheap], busy: false });
    expect(store.getState().models).toContain('cheap');
  });

  it('keeps a refused save in saveError, not in the list error', async () => {
    const message = "Cannot save combo 'a': combos would loop: a → b → a.";
    const fake = fakeConnection({
      'combos.list': () => ok([work]),
      'models.list': () => ok([]),
      'combos.save': () => refused(message),
    });
    const store = createCombosStore(fake.connection);
    await store.getState().load();
    const saved = await store
      .getState()
      .save({ name: 'a', strategy: 'fallback', entries: [{ model: 'b' }] });
    expect(saved).toBe(false);
    expect(store.getState()).toMatchObject({
      combos: [work],
      saveError: message,
      error: undefined,
      busy: false,
    });
    store.getState().clearSaveError();
    expect(store.getState().saveError).toBeUndefined();
  });

  it('removes a combo, and shows why a removal was refused', async () => {
    let refuse = true;
    const fake = fakeConnection({
      'combos.remove': () =>
        refuse ? refused("Combo 'work' is active; activate another combo first.") : ok([work]),
    });
    const store = createCombosStore(fake.connection);
    expect(await store.getState().remove('work')).toBe(false);
    expect(store.getState().error).toContain('is active');
    refuse = false;
    expect(await store.getState().remove('cheap')).toBe(true);
    expect(store.getState()).toMatchObject({ combos: [work], error: undefined });
  });

  it('activates a combo, then reloads the list to move the mark', async () => {
    let active = 'work';
    const fake = fakeConnection({
      'combos.activate': (req) => {
        active = (req as { name: string }).name;
        return ok({
          version: '1',
          url: 'x',
          activeCombo: active,
          combos: [],
          debugLog: false,
          paused: false,
        });
      },
      'combos.list': () =>
        ok([work, cheap].map((combo) => ({ ...combo, active: combo.name === active }))),
    });
    const store = createCombosStore(fake.connection);
    await store.getState().activate('cheap');
    expect(fake.calls.map(([method]) => method)).toEqual(['combos.activate', 'combos.list']);
    expect(store.getState().combos?.find((combo) => combo.active)?.name).toBe('cheap');
  });

  it('reloads on accounts-changed', async () => {
    let listed = 0;
    const fake = fakeConnection({
      'combos.list': () => ok(++listed === 1 ? [work] : [work, cheap]),
      'models.list': () => ok([]),
    });
    const stores = createStores(fake.connection, () => 0);
    const stop = connectLive(fake.connection, stores, {
      setInterval: () => undefined,
      clearInterval: () => undefined,
    });
    await stores.combos.getState().load();
    expect(stores.combos.getState().combos).toEqual([work]);
    fake.emit({ type: 'accounts-changed' });
    await flush();
    expect(stores.combos.getState().combos).toEqual([work, cheap]);
    stop();
  });
});
