/** One quota window: a labelled meter with its used share, reset countdown and where the number came from. */
import type { QuotaWindow } from '../../../core/shared/quota.js';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { clampPercent } from '../format';
import { Countdown } from './Countdown';

export function QuotaMeter({ window: quota }: { window: QuotaWindow }) {
  const known = quota.usedPercent !== undefined;
  const percent = clampPercent(quota.usedPercent ?? 0);
  const level = percent >= 95 ? 'high' : percent >= 80 ? 'warn' : 'ok';
  return (
    <div className="quota">
      <div className="quota__head">
        <span className="quota__label">{quota.label}</span>
        <span className="quota__value">
          {quota.unlimited === true
            ? strings.quota.unlimited
            : known
              ? strings.quota.used(percent)
              : strings.quota.unknown}
        </span>
      </div>
      {/* An SVG bar: CSP forbids inline style attributes, and attributes need no stylesheet per value. */}
      <div
        className={`meter meter--${level}`}
        role="meter"
        aria-label={strings.quota.meterLabel(quota.label, percent)}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        {...(known ? {} : { 'aria-valuetext': strings.quota.unknown })}
      >
        <svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect className="meter__track" x="0" y="0" width="100" height="6" rx="3" />
          <rect className="meter__fill" x="0" y="0" width={percent} height="6" rx="3" />
        </svg>
      </div>
      <div className="quota__foot muted small">
        {quota.resetsAt !== undefined ? (
          <Countdown until={quota.resetsAt} render={strings.quota.resetsIn} />
        ) : (
          <span />
        )}
        <span className={`source source--${quota.source}`}>
          {strings.quota.source[quota.source]}
        </span>
      </div>
    </div>
  );
}
