/**
 * A provider is described by data: where it lives, which wire format it
 * speaks, how it authenticates and what it is known to serve. Adding one
 * means adding one file that exports a `ProviderDefinition`.
 */
import type { BuildOptions } from '../formats/codec.js';
import type { UpstreamFormat, WireFormat } from '../formats/ir/types.js';
import type { HeaderQuotaFormat, QuotaReader } from './quota-reader.js';

/** How the upstream expects its credential. */
export type AuthScheme =
  /** `Authorization: Bearer <key>` */
  | 'bearer'
  /** `x-api-key: <key>` (Anthropic style) */
  | 'x-api-key'
  /** `x-goog-api-key: <key>` (Gemini) */
  | 'x-goog-api-key'
  /** No credential (a local Ollama). */
  | 'none';

/** One endpoint of a provider in one wire format. */
export interface ProviderEndpoint {
  format: UpstreamFormat;
  /** Base URL up to and including the version segment, without a trailing slash. */
  baseUrl: string;
  auth: AuthScheme;
  /**
   * Path under `baseUrl` of the cheapest authenticated read, used to check a
   * key before it is saved (default: the format's model listing, `/models`);
   * null where the endpoint has none, so a key is saved unchecked.
   */
  keyCheck?: string | null;
}

/** Whether a provider can still be used; a dead source is switched off without a release. */
export type ProviderState = 'active' | 'deprecated' | 'withdrawn';

/** How likely proxying this provider is to get an account suspended under its terms. */
export type TermsRisk = 'none' | 'low' | 'high';

export interface ProviderDefinition {
  /** Registry id, also the default model prefix (`deepseek/deepseek-chat`). */
  id: string;
  displayName: string;
  state: ProviderState;
  termsRisk: TermsRisk;
  /** A sentence shown next to the risk label, when there is one. */
  termsNote?: string;
  /** Endpoints in order of preference; the first is the default. */
  endpoints: readonly ProviderEndpoint[];
  /** Models known to be served; other ids under the prefix are still forwarded. */
  models: readonly string[];
  /** Extra headers every request carries (documented, protocol-required ones only). */
  headers?: Readonly<Record<string, string>>;
  /** Wire quirks the codecs honour. */
  buildOptions?: BuildOptions;
  /** Where a key can be created, for the UI and error messages. */
  keyUrl?: string;
  /** True when no API key is needed (local servers). */
  keyless?: boolean;
  /** Accounts sign in with a subscription login (`switchyard login`), not an API key. */
  signIn?: 'oauth';
  /** `anthropic-beta` flags the protocol requires, merged with any the client sends. */
  requiredBetas?: readonly string[];
  /** Why requests cannot be served yet (shown instead of a generic "no endpoint"). */
  unavailableReason?: string;
  /** A per-account base URL from what the login stored (Copilot names one per plan). */
  accountBaseUrl?(extra: Readonly<Record<string, string>>): string | undefined;
  /** Per-account headers built from what the login stored (e.g. an account id). */
  accountHeaders?(extra: Readonly<Record<string, string>>): Record<string, string>;
  /** Per-account top-level body fields of a translated request (Antigravity's `project`). */
  accountBodyFields?(extra: Readonly<Record<string, string>>): Record<string, string>;
  /** How to read the subscription's usage endpoint, when it has one (`core/quota/poller.ts`). */
  quota?: QuotaReader;
  /** Which rate-limit headers on its responses carry quota windows (`core/quota/headers.ts`). */
  quotaHeaders?: HeaderQuotaFormat;
}

/** The generic kinds a user can pick for a custom endpoint at any base URL. */
export const CUSTOM_KINDS = {
  openai: 'openai-chat',
  'openai-responses': 'openai-responses',
  anthropic: 'anthropic',
  gemini: 'gemini',
} as const satisfies Record<string, WireFormat>;

export type CustomKind = keyof typeof CUSTOM_KINDS;
