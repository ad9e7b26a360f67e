/** Recent requests, newest first; each row expands to its route trace (candidates, outcomes, reasons). */
import { useState } from 'react';
import type { RequestView, TraceView } from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { formatLatency, formatTime, formatTokens } from '../format';

export function RequestFeed({ rows, now }: { rows: RequestView[]; now: number }) {
  if (rows.length === 0) return <p className="muted small">{strings.feed.none}</p>;
  return (
    <ol className="feed" aria-label={strings.feed.heading}>
      {rows.map((row) => (
        <RequestRow key={row.requestId} row={row} now={now} />
      ))}
    </ol>
  );
}

/** More than one candidate tried means routing fell back from the first choice. */
function fellBack(trace: TraceView | undefined): boolean {
  return (trace?.candidates.filter((step) => step.outcome !== 'skipped').length ?? 0) > 1;
}

function RequestRow({ row, now }: { row: RequestView; now: number }) {
  const [open, setOpen] = useState(false);
  const traceId = `trace-${row.requestId}`;
  const ok = row.status < 400;
  return (
    <li className="feed__item" data-request-id={row.requestId}>
      <button
        type="button"
        className="feed__row"
        aria-expanded={open}
        aria-controls={traceId}
        aria-label={strings.feed.expand(row.requestId)}
        onClick={() => setOpen(!open)}
      >
        <span className="feed__time muted">{formatTime(row.at, now)}</span>
        <span className="feed__route">
          <span className="feed__requested">{row.requested}</span>
          <span aria-hidden="true"> → </span>
          <span className="feed__served">
            {row.accountId === ''
              ? strings.feed.unserved
              : strings.feed.served(row.accountId, row.model)}
          </span>
          {fellBack(row.trace) && <span className="tag">{strings.feed.fallback}</span>}
        </span>
        <span className={`feed__status ${ok ? 'good' : 'bad'}`}>{row.status}</span>
        <span className="feed__latency muted">{formatLatency(row.latencyMs)}</span>
        <span className="feed__tokens muted">
          {strings.feed.tokens(formatTokens(row.input), formatTokens(row.output))}
          {row.estimated && ` (${strings.feed.estimated})`}
        </span>
      </button>
      {open && (
        <div id={traceId} className="trace">
          {row.trace === undefined ? (
            <p className="muted small">{strings.feed.noTrace}</p>
          ) : (
            <ol className="trace__steps">
              {row.trace.candidates.map((step, index) => (
                <li key={index} className={`trace__step trace__step--${step.outcome}`}>
                  <span className="trace__outcome">{strings.feed.outcome[step.outcome]}</span>{' '}
                  <span>
                    {step.account} · {step.model}
                  </span>
                  {step.status !== undefined && <span className="muted"> · {step.status}</span>}
                  {step.ms !== undefined && (
                    <span className="muted"> · {formatLatency(step.ms)}</span>
                  )}
                  {step.reason !== undefined && <span className="muted"> — {step.reason}</span>}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </li>
  );
}
