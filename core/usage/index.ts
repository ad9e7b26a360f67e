/** The usage ledger's public surface: open the database, record, query, prune, price. */
export {
  USAGE_DB_FILE,
  UsageDbError,
  isUsageDbError,
  openUsageDatabase,
  openUsageDatabaseReadOnly,
  usageDbPath,
  type OpenUsageDatabaseOptions,
  type OpenedUsageDatabase,
  type UsageDbErrorCode,
  type UsageDbProblem,
} from './database.js';
export { UsageLedger, type UsageLedgerOptions, type UsageLedgerProblem } from './ledger.js';
export {
  MAX_RECENT,
  MAX_SERIES_POINTS,
  UsageQueries,
  UsageQueryError,
  type RecentQuery,
  type SeriesQuery,
  type SpendFilter,
  type SummaryQuery,
  type TokenTotals,
  type UsageQueryErrorCode,
} from './queries.js';
export { SqliteQuotaStore, type SqliteQuotaStoreOptions } from './quota-store.js';
export { priceRequest, type PriceRequestInput, type RequestPrice } from './cost.js';
export { RetentionSchedule, pruneRequests, type RetentionOptions } from './retention.js';
export { createRecordWriter, type RecordWriter } from './writer.js';
