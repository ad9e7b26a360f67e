/**
 * Turns the user's configured provider entries into resolved providers the
 * engine can call, and lists the models they offer. Pure: no I/O.
 */
import type { WireFormat } from '../formats/ir/types.js';
import type { ProviderConfig } from '../storage/settings-schema.js';
import type { ProviderDefinition, ProviderEndpoint } from './types.js';
import { CUSTOM_KINDS, findProviderDefinition, isCustomKind } from './index.js';

export interface ResolvedProvider {
  /** The configured entry's id (its secret lives under `provider:<id>`). */
  id: string;
  prefix: string;
  /** Registry id, or the custom kind. */
  kind: string;
  definition: ProviderDefinition;
  /** Endpoints with the user's base URL applied; the preferred one first. */
  endpoints: readonly ProviderEndpoint[];
  models: readonly string[];
  /** The user listed this entry's models, so ids outside `models` are typos, not new models. */
  onlyListedModels: boolean;
  enabled: boolean;
  /** Fill-first order among accounts sharing the prefix: lower goes first. */
  priority: number;
  /** How the account signs in; OAuth tokens come from the token keeper, not a stored key. */
  auth: 'api-key' | 'oauth';
  /** Skip this account once a quota window passes this share (settings `stopAtPercent`). */
  stopAtPercent?: number;
  /** Token caps the user set for local quota accounting. */
  tokenLimits?: ProviderConfig['tokenLimits'];
}

export type ResolveError = { code: 'unknown_kind'; kind: string };

function customDefinition(
  kind: keyof typeof CUSTOM_KINDS,
  baseUrl: string | undefined,
): ProviderDefinition {
  const format = CUSTOM_KINDS[kind];
  return {
    id: kind,
    displayName: `Custom ${kind} endpoint`,
    state: 'active',
    termsRisk: 'none',
    endpoints: [{ format, baseUrl: baseUrl ?? '', auth: defaultAuthFor(format) }],
    models: [],
    ...(format === 'anthropic' ? { headers: { 'anthropic-version': '2023-06-01' } } : {}),
  };
}

function defaultAuthFor(format: WireFormat): ProviderEndpoint['auth'] {
  if (format === 'anthropic') return 'x-api-key';
  if (format === 'gemini') return 'x-goog-api-key';
  return 'bearer';
}

/** Resolves one configured entry; registry kinds win over custom kinds of the same name. */
export function resolveProvider(config: ProviderConfig): ResolvedProvider | ResolveError {
  const registered = findProviderDefinition(config.kind);
  const definition =
    registered ??
    (isCustomKind(config.kind) ? customDefinition(config.kind, config.baseUrl) : undefined);
  if (definition === undefined) return { code: 'unknown_kind', kind: config.kind };

  const preferred = config.format ?? definition.endpoints[0]?.format;
  const ordered = [...definition.endpoints].sort(
    (a, b) => Number(b.format === preferred) - Number(a.format === preferred),
  );
  const endpoints = config.baseUrl === undefined ? ordered : overrideBase(ordered, config);

  return {
    id: config.id,
    prefix: config.prefix,
    kind: config.kind,
    definition,
    endpoints,
    models: [...new Set([...definition.models, ...(config.models ?? [])])],
    onlyListedModels: (config.models ?? []).length > 0,
    enabled: config.enabled && definition.state !== 'withdrawn',
    priority: config.priority ?? 0,
    auth: config.auth ?? 'api-key',
    ...(config.stopAtPercent === undefined ? {} : { stopAtPercent: config.stopAtPercent }),
    ...(config.tokenLimits === undefined ? {} : { tokenLimits: config.tokenLimits }),
  };
}

/**
 * A user base URL replaces the endpoints it can stand for: only the named
 * format when `format` was given, else every endpoint that shared the
 * preferred endpoint's base (one URL cannot serve two different APIs).
 */
function overrideBase(ordered: ProviderEndpoint[], config: ProviderConfig): ProviderEndpoint[] {
  const first = ordered[0];
  if (first === undefined || config.baseUrl === undefined) return ordered;
  const base = stripSlash(config.baseUrl);
  return ordered
    .filter((endpoint) =>
      config.format === undefined
        ? endpoint.baseUrl === first.baseUrl
        : endpoint.format === config.format,
    )
    .map((endpoint) => ({ ...endpoint, baseUrl: base }));
}

function stripSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

export function isResolveError(value: ResolvedProvider | ResolveError): value is ResolveError {
  return 'code' in value;
}

/** Every `prefix/model` id the enabled providers offer. */
export function listModelIds(providers: readonly ResolvedProvider[]): string[] {
  const ids = new Set<string>();
  for (const provider of providers) {
    if (!provider.enabled) continue;
    // Accounts of one provider share a prefix; each model is listed once.
    for (const model of provider.models) ids.add(`${provider.prefix}/${model}`);
  }
  return [...ids];
}
