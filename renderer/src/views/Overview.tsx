/** The active combo, every account with its state and quota, and the live request feed. */
import { useStore } from 'zustand';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { AccountCard } from '../components/AccountCard';
import { ComboSwitcher } from '../components/ComboSwitcher';
import { ErrorBanner } from '../components/ErrorBanner';
import { RequestFeed } from '../components/RequestFeed';
import { useNow } from '../components/useNow';
import { useStores } from './context';

export function Overview() {
  return (
    <>
      <CombosSection />
      <AccountsSection />
      <FeedSection />
    </>
  );
}

function CombosSection() {
  const { server } = useStores();
  const status = useStore(server, (state) => state.status);
  const error = useStore(server, (state) => state.error);
  const saving = useStore(server, (state) => state.saving);
  const activate = useStore(server, (state) => state.activateCombo);
  const load = useStore(server, (state) => state.load);
  return (
    <section className="card" aria-labelledby="combos-heading">
      <h2 id="combos-heading">{strings.combos.heading}</h2>
      {error !== undefined && <ErrorBanner message={error} onRetry={() => void load()} />}
      {status === undefined ? (
        <p className="muted small">{strings.loading}</p>
      ) : (
        <ComboSwitcher
          combos={status.combos}
          active={status.activeCombo}
          disabled={saving}
          onActivate={(name) => void activate(name)}
        />
      )}
    </section>
  );
}

function AccountsSection() {
  const { accounts: store } = useStores();
  const accounts = useStore(store, (state) => state.accounts);
  const error = useStore(store, (state) => state.error);
  const clearing = useStore(store, (state) => state.clearing);
  const clear = useStore(store, (state) => state.clear);
  const load = useStore(store, (state) => state.load);
  return (
    <section className="accounts" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{strings.accounts.heading}</h2>
      {error !== undefined && <ErrorBanner message={error} onRetry={() => void load()} />}
      {accounts === undefined ? (
        <p className="muted small">{strings.loading}</p>
      ) : accounts.length === 0 ? (
        <p className="muted small">{strings.accounts.none}</p>
      ) : (
        <div className="accounts__grid">
          {accounts.map((account) => (
            <AccountCard
              key={account.id}
              account={account}
              clearing={clearing === account.id}
              onClear={(id) => void clear(id)}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function FeedSection() {
  const { requests } = useStores();
  const rows = useStore(requests, (state) => state.rows);
  const error = useStore(requests, (state) => state.error);
  const load = useStore(requests, (state) => state.load);
  // Times only need to know whether a row is from today; a minute's tick is plenty.
  const now = useNow(60_000);
  return (
    <section className="card" aria-labelledby="feed-heading">
      <h2 id="feed-heading">{strings.feed.heading}</h2>
      {error !== undefined && <ErrorBanner message={error} onRetry={() => void load()} />}
      {rows === undefined ? (
        <p className="muted small">{strings.loading}</p>
      ) : (
        <RequestFeed rows={rows} now={now} />
      )}
    </section>
  );
}
