/**
 * Saving a finished subscription login as an account, shared by `switchyard
 * login` and the management API's `logins.*`, so both pick ids, renew
 * accounts and store tokens the same way.
 */
import { tokenSecretName } from '../auth/token-keeper.js';
import type { LoginAccount, OAuthTokens } from '../auth/types.js';
import type { Settings } from '../storage/settings-schema.js';

export interface LoginStores {
  settings: {
    get(): Settings;
    /** Re-reads under the lock and writes what the mutator leaves (as `SettingsStore.update`). */
    update(mutator: (draft: Settings) => void): Promise<unknown>;
  };
  secrets: { set(name: string, value: string): Promise<void> };
}

export interface FinishedLogin {
  kind: string;
  tokens: OAuthTokens;
  account: LoginAccount;
  /** Renews this account; absent picks the next free `<kind>-<n>`. */
  id?: string;
  priority?: number;
  /** ISO time of the login (default: now); a new value tells a running server to pick it up. */
  at?: string;
}

export type SaveLoginResult =
  { ok: true; id: string } | { ok: false; code: 'duplicate_id'; message: string };

/** The first `<kind>-<n>` no entry uses. */
export function nextLoginId(kind: string, taken: readonly string[]): string {
  for (let n = 1; ; n += 1) {
    const id = `${kind}-${n}`;
    if (!taken.includes(id)) return id;
  }
}

class IdTaken extends Error {
  constructor(readonly refusal: SaveLoginResult) {
    super(refusal.ok ? '' : refusal.message);
  }
}

/**
 * Stores the tokens (secret store only), then adds or renews the settings
 * entry. An id that belongs to another kind is refused before the tokens are
 * written (and again under the settings lock, for another process's change).
 */
export async function saveLogin(
  stores: LoginStores,
  login: FinishedLogin,
): Promise<SaveLoginResult> {
  const { kind } = login;
  const entries = stores.settings.get().providers;
  const id =
    login.id ??
    nextLoginId(
      kind,
      entries.map((entry) => entry.id),
    );
  const taken = (providers: Settings['providers']): SaveLoginResult | undefined => {
    const other = providers.find((entry) => entry.id === id && entry.kind !== kind);
    return other === undefined
      ? undefined
      : {
          ok: false,
          code: 'duplicate_id',
          message: `account '${id}' belongs to provider '${other.kind}'`,
        };
  };
  const refused = taken(entries);
  if (refused !== undefined) return refused;

  // Tokens first: an account entry must never point at tokens that were not saved.
  await stores.secrets.set(tokenSecretName(id), JSON.stringify(login.tokens));
  const at = login.at ?? new Date().toISOString();
  try {
    await stores.settings.update((draft) => {
      // Checked again under the lock: another process may have added the id meanwhile.
      const late = taken(draft.providers);
      if (late !== undefined) throw new IdTaken(late);
      const fields = {
        auth: 'oauth' as const,
        label: login.account.label,
        ...(login.account.plan === undefined ? {} : { plan: login.account.plan }),
        ...(login.priority === undefined ? {} : { priority: login.priority }),
        loggedInAt: at,
      };
      const entry = draft.providers.find((provider) => provider.id === id);
      if (entry !== undefined) {
        Object.assign(entry, fields);
      } else {
        draft.providers.push({
          id,
          kind,
          prefix: kind,
          enabled: true,
          hasApiKey: false,
          createdAt: at,
          ...fields,
        });
      }
    });
  } catch (error) {
    if (error instanceof IdTaken) return error.refusal;
    throw error;
  }
  return { ok: true, id };
}
