/**
 * Request schemas, one per management method. Every payload arrives as
 * `unknown` (HTTP body, IPC argument) and is checked here before a port sees it.
 */
import { z } from 'zod';
import type { ManagementMethod } from '../shared/contract.js';

export const RECENT_LIMIT_MAX = 500;
export const RANGE_DAYS_MAX = 400;
export const COMBO_ENTRIES_MAX = 50;
export const ALERT_THRESHOLDS_MAX = 10;
export const BUDGETS_MAX = 500;
const DAY_MS = 86_400_000;

const empty = z.strictObject({});
const limit = (fallback: number) =>
  z.int().min(1).max(RECENT_LIMIT_MAX).optional().default(fallback);
const epochMs = z.int().min(0);
const id = z.string().min(1).max(200);
/** A model or combo name goes into a tool's config file, so only name characters pass. */
const model = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/+-]*$/, 'must be a model or combo name');

const percent = z.number().min(1).max(100);
const usd = z.number().positive().max(1_000_000);
const budgetMap = z
  .record(id, z.strictObject({ dailyUsd: usd.optional(), monthlyUsd: usd.optional() }).nullable())
  .refine((map) => Object.keys(map).length <= BUDGETS_MAX, `at most ${BUDGETS_MAX} budgets`);

/** A range runs forward and spans no more than the ledger keeps. */
function checkRange(value: { from: number; to: number }, ctx: z.RefinementCtx): void {
  if (value.from >= value.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: '"from" must be before "to"' });
  } else if (value.to - value.from > RANGE_DAYS_MAX * DAY_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the range may span at most ${RANGE_DAYS_MAX} days`,
    });
  }
}

export const requestSchemas = {
  'status.get': empty,
  'accounts.list': empty,
  'quota.refresh': z.strictObject({ accountId: id.optional() }),
  'routing.clear': z.strictObject({ accountId: id }),
  'combos.activate': z.strictObject({ name: id }),
  'usage.summary': z
    .strictObject({
      from: epochMs,
      to: epochMs,
      by: z.enum(['day', 'provider', 'account', 'model', 'combo', 'key']),
    })
    .superRefine(checkRange),
  'usage.series': z
    .strictObject({
      from: epochMs,
      to: epochMs,
      bucket: z.enum(['hour', 'day']),
      by: z.enum(['provider', 'model', 'combo']).optional(),
    })
    .superRefine(checkRange),
  'requests.recent': z.strictObject({
    limit: limit(50),
    before: epochMs.optional(),
    accountId: id.optional(),
  }),
  'requests.trace': z.strictObject({ requestId: id }),
  'alerts.recent': z.strictObject({ limit: limit(50) }),
  'debugLog.get': z.strictObject({ limit: limit(100) }),
  'debugLog.setEnabled': z.strictObject({ enabled: z.boolean() }),
  'tools.list': empty,
  'tools.preview': z.strictObject({ tool: id, model: model.optional() }),
  'tools.connect': z.strictObject({ tool: id, model: model.optional() }),
  'tools.disconnect': z.strictObject({ tool: id }),
  'routing.setPaused': z.strictObject({ paused: z.boolean() }),
  'combos.list': empty,
  // Name rules, unknown entries and cycles are checked against the saved combos by the service.
  'combos.save': z.strictObject({
    name: id,
    entries: z
      .array(
        z.strictObject({
          model: z.string().min(1).max(300),
          weight: z.number().positive().max(1_000_000).optional(),
        }),
      )
      .min(1)
      .max(COMBO_ENTRIES_MAX),
    strategy: z.enum(['fallback', 'round-robin', 'weighted']),
  }),
  'combos.remove': z.strictObject({ name: id }),
  'models.list': empty,
  'accounts.setEnabled': z.strictObject({ accountId: id, enabled: z.boolean() }),
  'accounts.setPriority': z.strictObject({
    accountId: id,
    priority: z.int().min(-1_000_000).max(1_000_000),
  }),
  // Id and prefix rules are the settings schema's, checked by the service with the entry.
  'accounts.addApiKey': z.strictObject({
    kind: id,
    id: id.optional(),
    prefix: id.optional(),
    apiKey: z.string().trim().min(1).max(10_000),
    baseUrl: z.url().max(2_000).optional(),
    saveUnchecked: z.boolean().optional(),
  }),
  'accounts.remove': z.strictObject({ accountId: id }),
  'providers.kinds': empty,
  'settings.get': empty,
  // Ranges match the settings schema's, so a patch that passes here is a valid settings file.
  'settings.update': z.strictObject({
    port: z.int().min(1).max(65_535).optional(),
    requireKeyOnLoopback: z.boolean().optional(),
    budgets: z
      .strictObject({ providers: budgetMap.optional(), keys: budgetMap.optional() })
      .optional(),
    alertThresholds: z.array(percent).max(ALERT_THRESHOLDS_MAX).optional(),
    stopAtPercent: percent.nullable().optional(),
    nearLimitPercent: percent.optional(),
    retentionDays: z.int().min(1).max(3_650).optional(),
    debugLog: z.boolean().optional(),
  }),
  'keys.list': empty,
  'keys.create': z.strictObject({ name: z.string().trim().min(1).max(100) }),
  'keys.revoke': z.strictObject({ id }),
  'logins.start': z.strictObject({ kind: id, accountId: id.optional() }),
  'logins.get': z.strictObject({ id }),
  'logins.cancel': z.strictObject({ id }),
} satisfies Record<ManagementMethod, z.ZodType>;

/** A short sentence naming the fields at fault; zod's messages never echo input values. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    })
    .join('; ');
}
