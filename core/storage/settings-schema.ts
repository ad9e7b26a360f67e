/**
 * The settings file's schema. Everything in `settings.json` is validated
 * against it on load and before every write; secrets never live here.
 */
import { z } from 'zod';

export const DEFAULT_PORT = 20128;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

const wireFormat = z.enum(['openai-chat', 'openai-responses', 'anthropic', 'gemini']);

export const providerConfigSchema = z.object({
  /** The user's name for this provider entry (unique). */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  /** A registry id (`deepseek`) or a custom kind (`openai`, `openai-responses`, `anthropic`, `gemini`). */
  kind: z.string().min(1),
  /**
   * The model prefix clients use (`prefix/model`). Entries that share a prefix
   * (and a kind) are accounts of one provider; routing picks among them.
   */
  prefix: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  /** Fill-first order among accounts of one prefix: lower goes first (absent: 0). */
  priority: z.number().int().optional(),
  /** Which of the kind's wire formats to prefer, when it has several. */
  format: wireFormat.optional(),
  /** Overrides the kind's base URL for the chosen format. */
  baseUrl: z.url().optional(),
  enabled: z.boolean().default(true),
  /** Models this entry serves, for custom endpoints or to extend the registry's list. */
  models: z.array(z.string().min(1)).optional(),
  /** True when an API key is held in the secret store under `provider:<id>`. */
  hasApiKey: z.boolean().default(false),
  /** How the account signs in: an API key (default) or a subscription login (tokens under `oauth:<id>`). */
  auth: z.enum(['api-key', 'oauth']).optional(),
  /** A label the user recognises (the login's email or name). */
  label: z.string().optional(),
  /** The subscription plan, where the provider reports one. */
  plan: z.string().optional(),
  /** When the last successful login stored this account's tokens (clears "needs login"). */
  loggedInAt: z.iso.datetime().optional(),
  /** Stop routing to this account once any of its quota windows passes this share (overrides `quota.stopAtPercent`). */
  stopAtPercent: z.number().min(1).max(100).optional(),
  /** Token caps the user knows for a plan without a usage endpoint; local accounting measures against them. */
  tokenLimits: z
    .object({
      fiveHour: z.number().int().positive().optional(),
      daily: z.number().int().positive().optional(),
      weekly: z.number().int().positive().optional(),
      monthly: z.number().int().positive().optional(),
    })
    .optional(),
  createdAt: z.iso.datetime(),
});

export const routerKeySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** SHA-256 of the key, hex. The key itself is shown once and never stored. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The last four characters, so the user can tell keys apart. */
  hint: z.string(),
  createdAt: z.iso.datetime(),
});

export const serverSettingsSchema = z.object({
  port: z.number().int().min(1).max(65535).default(DEFAULT_PORT),
  host: z.string().min(1).default(DEFAULT_HOST),
  /** When false, clients on loopback may call `/v1` without a router key. */
  requireKeyOnLoopback: z.boolean().default(true),
  bodyLimitBytes: z.number().int().positive().default(DEFAULT_BODY_LIMIT_BYTES),
  /** Extra `Host` names to accept besides loopback ones (for a deliberate LAN bind). */
  allowedHosts: z.array(z.string().min(1)).default([]),
});

/** A combo entry: a `prefix/model` or another combo's name. */
export const comboEntrySchema = z.object({
  model: z.string().min(1),
  /** Relative share for the weighted strategy (ignored by the others). */
  weight: z.number().positive().default(1),
});

export const comboStrategySchema = z.enum(['fallback', 'round-robin', 'weighted']);

export const comboSchema = z.object({
  /** A bare name (no `/`), so it can never be mistaken for `prefix/model`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  entries: z.array(comboEntrySchema).min(1),
  strategy: comboStrategySchema.default('fallback'),
});

export const accountStrategySchema = z.enum(['fill-first', 'round-robin', 'most-quota-left']);

export const routingSettingsSchema = z.object({
  /** The combo that serves the model `auto`. */
  activeCombo: z.string().optional(),
  /** Send requests for models no provider serves to the active combo instead of answering 404. */
  unknownModelsToActiveCombo: z.boolean().default(false),
  /** How to pick among several accounts of one provider. */
  accountStrategy: accountStrategySchema.default('fill-first'),
  /** While true every model request is refused with a 503 and no upstream is called. */
  paused: z.boolean().default(false),
});

/** USD per million tokens; cache prices default to the input price when absent. */
export const priceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheRead: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
});

/** Spend limits in USD per UTC day and per UTC month. */
export const spendLimitSchema = z.object({
  dailyUsd: z.number().positive().optional(),
  monthlyUsd: z.number().positive().optional(),
});

export const budgetsSchema = z.object({
  /** Keyed by provider prefix (all its accounts together). */
  providers: z.record(z.string(), spendLimitSchema).default({}),
  /** Keyed by router key id. */
  keys: z.record(z.string(), spendLimitSchema).default({}),
});

export const quotaSettingsSchema = z.object({
  /** Poll usage endpoints in the background. */
  poll: z.boolean().default(true),
  /** Normal pause between polls of one account. */
  pollSeconds: z.number().int().min(30).default(300),
  /** Pause when an account is near its limit or past a reset time. */
  nearLimitPollSeconds: z.number().int().min(15).default(60),
  /** Used share (0–100) that counts as "near the limit". */
  nearLimitPercent: z.number().min(1).max(100).default(80),
  /** Alerts fire when a window passes each of these shares. */
  alertThresholds: z.array(z.number().min(1).max(100)).default([80, 95]),
  /** Default "stop at N%" for every account; absent means use an account up to its limit. */
  stopAtPercent: z.number().min(1).max(100).optional(),
});

export const usageSettingsSchema = z.object({
  /** Requests older than this are deleted from the ledger (daily totals are kept). */
  retentionDays: z.number().int().min(1).default(400),
  /** Record request bodies for debugging (secrets redacted). Off by default. */
  debugLog: z.boolean().default(false),
  /** Size cap of the debug log file; the oldest half is dropped past it. */
  debugLogMaxBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .default(8 * 1024 * 1024),
});

export const settingsSchema = z.object({
  version: z.literal(1),
  server: serverSettingsSchema.default(serverSettingsSchema.parse({})),
  providers: z.array(providerConfigSchema).default([]),
  routerKeys: z.array(routerKeySchema).default([]),
  combos: z.array(comboSchema).default([]),
  routing: routingSettingsSchema.default(routingSettingsSchema.parse({})),
  /** Price overrides keyed by `prefix/model`; they win over the built-in table. */
  pricing: z.record(z.string(), priceSchema).default({}),
  budgets: budgetsSchema.default(budgetsSchema.parse({})),
  quota: quotaSettingsSchema.default(quotaSettingsSchema.parse({})),
  usage: usageSettingsSchema.default(usageSettingsSchema.parse({})),
});

export type Settings = z.infer<typeof settingsSchema>;
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
export type RouterKeyRecord = z.infer<typeof routerKeySchema>;
export type ServerSettings = z.infer<typeof serverSettingsSchema>;
export type Combo = z.infer<typeof comboSchema>;
export type ComboStrategy = z.infer<typeof comboStrategySchema>;
export type AccountStrategy = z.infer<typeof accountStrategySchema>;
export type RoutingSettings = z.infer<typeof routingSettingsSchema>;
export type Price = z.infer<typeof priceSchema>;
export type SpendLimit = z.infer<typeof spendLimitSchema>;
export type Budgets = z.infer<typeof budgetsSchema>;
export type QuotaSettings = z.infer<typeof quotaSettingsSchema>;
export type UsageSettings = z.infer<typeof usageSettingsSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({ version: 1 });
}
