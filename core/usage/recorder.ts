/**
 * Turns the engine's request drafts into priced ledger records: the account
 * decides whether the tokens cost money (API key) or only show their API
 * value (subscription); the user's price overrides win over the list.
 */
import type { RequestDraft } from '../engine/proxy-types.js';
import type { ResolvedProvider } from '../providers/catalog.js';
import { priceFor } from '../providers/pricing.js';
import type { RequestRecord } from '../shared/usage.js';
import type { Price } from '../storage/settings-schema.js';
import { priceRequest } from './cost.js';

export interface RecorderDeps {
  record(record: RequestRecord): void;
  providers(): readonly ResolvedProvider[];
  pricing(): Readonly<Record<string, Price>>;
}

export function pricedRecord(
  draft: RequestDraft,
  providers: readonly ResolvedProvider[],
  pricing: Readonly<Record<string, Price>>,
): RequestRecord {
  const account = providers.find((provider) => provider.id === draft.accountId);
  const price = account === undefined ? undefined : priceFor(account, draft.model, pricing);
  return {
    ...draft,
    ...priceRequest({ subscription: account?.auth === 'oauth', price, usage: draft }),
  };
}

export function createRequestRecorder(deps: RecorderDeps): (draft: RequestDraft) => void {
  return (draft) => deps.record(pricedRecord(draft, deps.providers(), deps.pricing()));
}
