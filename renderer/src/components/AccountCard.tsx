/** An account: its name, state (with why and until when), quota windows, and a cooldown clear button. */
import type { AccountView } from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { Countdown } from './Countdown';
import { QuotaMeter } from './QuotaMeter';

export interface AccountCardProps {
  account: AccountView;
  clearing: boolean;
  onClear: (accountId: string) => void;
}

/** States a manual clear can end: cooldowns, an open breaker and a "needs login" mark. */
const CLEARABLE = new Set<AccountView['state']>(['cooling-down', 'circuit-open', 'needs-login']);

export function AccountCard({ account, clearing, onClear }: AccountCardProps) {
  const titleId = `account-${account.id}`;
  const name = account.label ?? account.displayName;
  return (
    <section className={`card account account--${account.state}`} aria-labelledby={titleId}>
      <div className="account__head">
        <div>
          <h3 id={titleId}>{name}</h3>
          <p className="muted small">
            {account.prefix}
            {account.plan !== undefined && ` · ${account.plan}`}
            {account.termsRisk === 'high' && ` · ${strings.accounts.risk}`}
          </p>
        </div>
        <p className={`state state--${account.state}`} data-state={account.state}>
          <span className="state__dot" aria-hidden="true" />
          {strings.accounts.state[account.state]}
          {account.until !== undefined && account.state === 'cooling-down' && (
            <>
              {' '}
              <Countdown until={account.until} render={strings.accounts.until} />
            </>
          )}
        </p>
      </div>
      {account.stateDetail !== undefined && account.state !== 'ok' && (
        <p className="account__detail small">{account.stateDetail}</p>
      )}
      {account.quota.windows.length === 0 ? (
        <p className="muted small">{strings.accounts.noQuota}</p>
      ) : (
        account.quota.windows.map((quota) => <QuotaMeter key={quota.id} window={quota} />)
      )}
      {CLEARABLE.has(account.state) && (
        <button
          type="button"
          className="button"
          disabled={clearing}
          aria-label={strings.accounts.clearLabel(name)}
          onClick={() => onClear(account.id)}
        >
          {strings.accounts.clear}
        </button>
      )}
    </section>
  );
}
