/**
 * Maps the model a client asked for (`prefix/model`) to a configured provider
 * and the model id that provider expects. Unknown models fail with a 404 that
 * names the closest known ids.
 */
import type { ResolvedProvider } from '../providers/catalog.js';
import { listModelIds } from '../providers/catalog.js';
import { SwitchyardError } from '../shared/errors.js';

export interface ModelTarget {
  provider: ResolvedProvider;
  /** The id sent upstream, without the Switchyard prefix. */
  upstreamModel: string;
  /** What the client asked for, echoed back in responses. */
  clientModel: string;
}

export function resolveModel(model: string, providers: readonly ResolvedProvider[]): ModelTarget {
  return resolveAccounts(model, providers)[0] as ModelTarget;
}

/**
 * Every enabled account that serves `prefix/model`, in configuration order
 * (entries sharing a prefix are accounts of one provider). Never empty: an
 * unknown or disabled model throws a 404 that names close matches.
 */
export function resolveAccounts(
  model: string,
  providers: readonly ResolvedProvider[],
): ModelTarget[] {
  const slash = model.indexOf('/');
  if (slash > 0 && slash < model.length - 1) {
    const prefix = model.slice(0, slash);
    const upstreamModel = model.slice(slash + 1);
    const accounts = providers.filter((candidate) => candidate.prefix === prefix);
    const enabled = accounts.filter((account) => account.enabled);
    if (enabled.length > 0) {
      // Without a user-listed set, an unlisted id may be a model newer than the registry.
      const serving = enabled.filter(
        (account) => !account.onlyListedModels || account.models.includes(upstreamModel),
      );
      if (serving.length === 0) throw modelNotFound(model, listModelIds(providers));
      return serving.map((provider) => ({ provider, upstreamModel, clientModel: model }));
    }
    const disabled = accounts[0];
    if (disabled !== undefined) {
      throw new SwitchyardError(
        'model_not_found',
        `The provider "${disabled.id}" serving "${prefix}/…" is disabled.`,
        { status: 404, param: 'model' },
      );
    }
  }
  throw modelNotFound(model, listModelIds(providers));
}

/** True when `model` names a configured, enabled provider prefix. */
export function servesModel(model: string, providers: readonly ResolvedProvider[]): boolean {
  try {
    resolveAccounts(model, providers);
    return true;
  } catch {
    return false;
  }
}

export function modelNotFound(model: string, known: readonly string[]): SwitchyardError {
  const matches = closeMatches(model, known);
  let message = `The model "${model}" does not exist on this Switchyard.`;
  if (known.length === 0) {
    message += ' No providers are configured yet: add one with `switchyard provider add`.';
  } else if (matches.length > 0) {
    message += ` Did you mean ${matches.map((id) => `"${id}"`).join(', ')}?`;
  } else {
    message += ' Model ids look like "prefix/model"; `switchyard models` lists them.';
  }
  return new SwitchyardError('model_not_found', message, { status: 404, param: 'model' });
}

/** Up to `limit` known ids closest to `query`: suffix and substring hits first, then by edit distance. */
export function closeMatches(query: string, known: readonly string[], limit = 3): string[] {
  const needle = query.toLowerCase();
  const scored = known.map((id) => {
    const lower = id.toLowerCase();
    const bare = lower.slice(lower.indexOf('/') + 1);
    let score = editDistance(needle, lower);
    if (bare === needle || lower.endsWith(`/${needle}`)) score = -2;
    else if (lower.includes(needle) || needle.includes(bare)) score = Math.min(score, 0) - 1;
    else score = Math.min(score, editDistance(needle, bare));
    return { id, score };
  });
  const threshold = Math.max(3, Math.floor(needle.length / 3));
  return scored
    .filter((entry) => entry.score <= threshold)
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((entry) => entry.id);
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}
