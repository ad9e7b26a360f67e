/** Usage rows for one grouping, with cost and API value in separate, labelled columns. */
import { strings } from '../../../core/shared/strings/dashboard.js';
import type { UsageSummaryRow } from '../../../core/shared/usage.js';
import { formatTokens, formatUsd } from '../format';

export interface BreakdownTableProps {
  caption: string;
  groupLabel: string;
  rows: UsageSummaryRow[];
  emptyGroup: string;
}

export function BreakdownTable({ caption, groupLabel, rows, emptyGroup }: BreakdownTableProps) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            <th scope="col" className="num">
              {strings.usage.requests}
            </th>
            <th scope="col" className="num">
              {strings.usage.tokens}
            </th>
            <th scope="col" className="num">
              {strings.usage.cost}
            </th>
            <th scope="col" className="num">
              {strings.usage.apiValue}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                {strings.usage.empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.group}>
                <th scope="row">{row.group === '' ? emptyGroup : row.group}</th>
                <td className="num">{row.requests}</td>
                <td className="num">{formatTokens(row.input + row.output)}</td>
                <td className="num">{formatUsd(row.costUsd)}</td>
                <td className="num">{formatUsd(row.apiValueUsd)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
