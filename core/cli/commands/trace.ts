/** `switchyard trace`: why a request went where it did, candidate by candidate. */
import { readTraces, type RouteTrace } from '../../engine/trace.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { formatTable } from '../table.js';

const USAGE = 'trace [<request-id>] [--last N]';

export const trace: Command = {
  path: ['trace'],
  usage: USAGE,
  summary: 'Show how a request was routed (the id is in x-switchyard-request-id)',
  details: ['--last N     without an id, list the N most recent requests (default 20)'],
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { last: { type: 'string' } },
      { min: 0, max: 1, usage: USAGE },
    );
    const traces = await readTraces(await ctx.dataDir());
    const id = positionals[0];
    if (id !== undefined) {
      const found = traces.find((entry) => entry.id === id);
      if (found === undefined) {
        throw new CliError(
          'not_found',
          `no trace for request '${id}' (traces keep the newest few MB)`,
        );
      }
      ctx.output({ trace: found }, describe(found));
      return 0;
    }
    const count = Number(values.last ?? '20');
    if (!Number.isInteger(count) || count < 1) {
      throw new CliError('invalid_argument', '--last must be a positive whole number');
    }
    const recent = traces.slice(0, count);
    ctx.output(
      { traces: recent },
      recent.length === 0
        ? ['No requests traced yet.']
        : formatTable(
            ['REQUEST', 'AT', 'ASKED FOR', 'STATUS', 'SERVED BY'],
            recent.map((entry) => [
              entry.id,
              entry.at,
              entry.requested,
              String(entry.status ?? '-'),
              servedBy(entry) ?? '-',
            ]),
          ),
    );
    return 0;
  },
};

function servedBy(entry: RouteTrace): string | undefined {
  const served = entry.candidates.find((candidate) => candidate.outcome === 'served');
  return served === undefined ? undefined : `${served.model} (${served.account})`;
}

function describe(entry: RouteTrace): string[] {
  const share =
    entry.cacheReadShare === undefined
      ? []
      : [`Cache reads: ${Math.round(entry.cacheReadShare * 100)}% of input`];
  return [
    `Request ${entry.id} at ${entry.at}: ${entry.inbound} client asked for ${entry.requested}, answered ${entry.status ?? '-'}`,
    ...share,
    '',
    ...formatTable(
      ['#', 'MODEL', 'ACCOUNT', 'OUTCOME', 'STATUS', 'MS', 'WHY'],
      entry.candidates.map((candidate, index) => [
        String(index + 1),
        candidate.model,
        candidate.account,
        candidate.outcome,
        candidate.status === undefined ? '-' : String(candidate.status),
        candidate.ms === undefined ? '-' : String(Math.round(candidate.ms)),
        candidate.reason ?? '',
      ]),
    ),
  ];
}
