/**
 * Router API keys: the keys clients present to call Switchyard. Only a SHA-256
 * hash is stored; the key itself is shown to the user once at creation.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { RouterKeyRecord } from './settings-schema.js';
import type { SettingsStore } from './settings-store.js';

export const ROUTER_KEY_PREFIX = 'sy-';
const KEY_BYTES = 32;
/** Longer than any key we issue; longer input is rejected before hashing. */
const MAX_PRESENTED_LENGTH = 256;

export interface CreatedRouterKey {
  /** The key to hand to the user: shown once, never stored. */
  key: string;
  record: RouterKeyRecord;
}

export interface RouterKeyDeps {
  random?: (size: number) => Buffer;
  now?: () => Date;
}

export function createRouterKey(name: string, deps: RouterKeyDeps = {}): CreatedRouterKey {
  const random = deps.random ?? randomBytes;
  const key = `${ROUTER_KEY_PREFIX}${random(KEY_BYTES).toString('base64url')}`;
  return {
    key,
    record: {
      id: `rk_${random(6).toString('hex')}`,
      name,
      hash: hashRouterKey(key),
      hint: key.slice(-4),
      createdAt: (deps.now?.() ?? new Date()).toISOString(),
    },
  };
}

/**
 * Creates a router key and saves its hash (a fresh id if one collides); the caller shows or
 * copies the key once and never logs it.
 */
export async function issueRouterKey(
  settings: Pick<SettingsStore, 'update'>,
  name: string,
  deps: RouterKeyDeps = {},
): Promise<CreatedRouterKey> {
  let created = createRouterKey(name, deps);
  await settings.update((draft) => {
    while (draft.routerKeys.some((record) => record.id === created.record.id)) {
      created = createRouterKey(name, deps);
    }
    draft.routerKeys.push(created.record);
  });
  return created;
}

/**
 * Deletes a router key and any budget set for it; the running server refuses the key from the
 * next request on. Resolves false, writing nothing, when no key has that id.
 */
export async function revokeRouterKey(
  settings: Pick<SettingsStore, 'update'>,
  id: string,
): Promise<boolean> {
  const unknown = new Error('no such router key');
  try {
    await settings.update((draft) => {
      // Thrown so the update writes nothing.
      if (!draft.routerKeys.some((record) => record.id === id)) throw unknown;
      draft.routerKeys = draft.routerKeys.filter((record) => record.id !== id);
      delete draft.budgets.keys[id];
    });
    return true;
  } catch (error) {
    if (error === unknown) return false;
    throw error;
  }
}

export function hashRouterKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Verifies presented keys by hash lookup; build a new index when the records change. */
export class RouterKeyIndex {
  private readonly byHash: ReadonlyMap<string, RouterKeyRecord>;

  constructor(records: readonly RouterKeyRecord[]) {
    this.byHash = new Map(records.map((record) => [record.hash, record]));
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The matching record, or undefined. A map lookup on the hash leaks nothing about the key. */
  verify(presented: string): RouterKeyRecord | undefined {
    if (presented.length === 0 || presented.length > MAX_PRESENTED_LENGTH) return undefined;
    return this.byHash.get(hashRouterKey(presented));
  }
}
