/**
 * Rules for adding and removing provider entries, shared by the CLI
 * (`provider add`, `account remove`) and the management API, so both refuse
 * the same things and clean up the same secrets.
 */
import { oauthKind } from '../auth/oauth-kinds.js';
import { tokenSecretName } from '../auth/token-keeper.js';
import type { ProviderKindView } from '../shared/contract.js';
import { providerSecretName } from '../storage/secret-store.js';
import type { ProviderConfig } from '../storage/settings-schema.js';
import type { KeyCheck } from './verify-key.js';
import {
  CUSTOM_KINDS,
  findProviderDefinition,
  isCustomKind,
  knownKinds,
  listProviderDefinitions,
} from './index.js';

/** Why a kind cannot take an API-key account as asked, or undefined when it can. */
export type KindProblem =
  { code: 'unknown_kind'; known: string[] } | { code: 'sign_in' } | { code: 'missing_base_url' };

export function apiKeyKindProblem(
  kind: string,
  baseUrl: string | undefined,
): KindProblem | undefined {
  if (!knownKinds().includes(kind)) return { code: 'unknown_kind', known: knownKinds() };
  const registered = findProviderDefinition(kind);
  if (registered?.signIn === 'oauth') return { code: 'sign_in' };
  if (registered === undefined && isCustomKind(kind) && baseUrl === undefined) {
    return { code: 'missing_base_url' };
  }
  return undefined;
}

/** The wire formats an entry of this kind may choose from. */
export function formatsOf(kind: string): string[] {
  const definition = findProviderDefinition(kind);
  // Registry kinds list their formats; a custom kind speaks exactly the one its name says.
  return (
    definition?.endpoints.map((endpoint) => endpoint.format) ??
    (isCustomKind(kind) ? [CUSTOM_KINDS[kind]] : [])
  );
}

/** Why `entry` cannot join `providers`: a taken id, or a prefix another kind or endpoint uses. */
export type PlacementProblem =
  { code: 'duplicate_id' } | { code: 'duplicate_prefix'; other: string };

export function placementProblem(
  providers: readonly ProviderConfig[],
  entry: ProviderConfig,
): PlacementProblem | undefined {
  if (providers.some((provider) => provider.id === entry.id)) return { code: 'duplicate_id' };
  // A shared prefix adds an account, which only makes sense for the same provider.
  const other = providers.find(
    (provider) =>
      provider.prefix === entry.prefix &&
      (provider.kind !== entry.kind ||
        provider.baseUrl !== entry.baseUrl ||
        provider.format !== entry.format),
  );
  return other === undefined ? undefined : { code: 'duplicate_prefix', other: other.id };
}

/** Every secret an account may have stored: its API key and its subscription tokens. */
export function accountSecretNames(accountId: string): string[] {
  return [providerSecretName(accountId), tokenSecretName(accountId)];
}

/** What a key check means for saving (`provider add` and `accounts.addApiKey` alike). */
export type KeyVerdict =
  /** Save; `unchecked` says why the key could not be confirmed, when it could not. */
  | { save: true; unchecked?: string }
  | { save: false; reason: 'rejected' | 'unreachable'; message: string };

/**
 * A refused key is never saved. An unreachable upstream stops the save too,
 * unless the user asked to save unchecked; a provider with nothing to check
 * a key with saves, noting it.
 */
export function keyCheckVerdict(check: KeyCheck, saveUnchecked = false): KeyVerdict {
  switch (check.outcome) {
    case 'valid':
      return { save: true };
    case 'unchecked':
      return { save: true, unchecked: check.message };
    case 'unreachable':
      return saveUnchecked
        ? { save: true, unchecked: check.message }
        : { save: false, reason: 'unreachable', message: check.message };
    case 'rejected':
      return { save: false, reason: 'rejected', message: check.message };
  }
}

/** The registry's active providers, then the custom kinds (any base URL). */
export function providerKinds(): ProviderKindView[] {
  const registered = listProviderDefinitions()
    .filter((definition) => definition.state === 'active')
    .map((definition) => ({
      id: definition.id,
      displayName: definition.displayName,
      signIn: definition.signIn === 'oauth',
      ...signInMethod(definition.id, definition.signIn === 'oauth'),
      termsRisk: definition.termsRisk,
      ...(definition.keyUrl === undefined ? {} : { keyUrl: definition.keyUrl }),
    }));
  const custom = Object.keys(CUSTOM_KINDS)
    .filter((kind) => findProviderDefinition(kind) === undefined)
    .map((kind) => ({
      id: kind,
      displayName: `Custom endpoint (${CUSTOM_KINDS[kind as keyof typeof CUSTOM_KINDS]})`,
      signIn: false,
      termsRisk: 'none',
    }));
  return [...registered, ...custom];
}

/** How a sign-in kind logs in, when Switchyard can run its login. */
function signInMethod(
  kind: string,
  signIn: boolean,
): { signInMethod?: ProviderKindView['signInMethod'] } {
  const method = signIn ? oauthKind(kind)?.method : undefined;
  return method === undefined ? {} : { signInMethod: method };
}
