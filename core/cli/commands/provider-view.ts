/** How a configured provider is shown by `provider add` and `provider list` (never its key). */
import { isResolveError, resolveProvider } from '../../providers/catalog.js';
import type { ProviderConfig } from '../../storage/settings-schema.js';

export interface ProviderView {
  id: string;
  kind: string;
  prefix: string;
  format: string | null;
  baseUrl: string | null;
  enabled: boolean;
  hasApiKey: boolean;
  state: string;
  termsRisk: string;
  termsNote?: string;
}

export function viewProvider(config: ProviderConfig): ProviderView {
  const resolved = resolveProvider(config);
  const base = {
    id: config.id,
    kind: config.kind,
    prefix: config.prefix,
    enabled: config.enabled,
    hasApiKey: config.hasApiKey,
  };
  if (isResolveError(resolved)) {
    return { ...base, format: null, baseUrl: null, state: 'unknown-kind', termsRisk: 'unknown' };
  }
  const endpoint = resolved.endpoints[0];
  const { definition } = resolved;
  return {
    ...base,
    enabled: resolved.enabled,
    format: endpoint?.format ?? null,
    baseUrl: endpoint?.baseUrl ?? null,
    state: definition.state,
    termsRisk: definition.termsRisk,
    ...(definition.termsNote === undefined ? {} : { termsNote: definition.termsNote }),
  };
}

/** The user-facing risk line, or undefined when the provider carries no risk label. */
export function riskLine(view: ProviderView): string | undefined {
  if (view.termsRisk === 'none' || view.termsRisk === 'unknown') return undefined;
  const note = view.termsNote === undefined ? '' : `: ${view.termsNote}`;
  return `terms risk for ${view.kind} is ${view.termsRisk.toUpperCase()}${note}`;
}
