/** Subscription sign-in: a button per kind, then the login's progress (a browser link or a device code). */
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { LoginView, ProviderKindView } from '../../../core/shared/contract.js';
import { strings } from '../../../core/shared/strings/dashboard.js';
import { CopyButton } from '../components/CopyButton';
import { Countdown } from '../components/Countdown';
import { loginFinished } from '../stores/providers';
import { useStores } from './context';

export function SignInSection() {
  const { providers: store } = useStores();
  const kinds = useStore(store, (state) => state.kinds);
  const login = useStore(store, (state) => state.login);
  const loginError = useStore(store, (state) => state.loginError);
  const { startLogin } = store.getState();
  const signInKinds = kinds.filter((kind) => kind.signInMethod !== undefined);
  if (signInKinds.length === 0) return null;
  const running = login !== undefined && !loginFinished(login);

  return (
    <section className="card" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{strings.signIn.heading}</h2>
      <p className="muted small">{strings.signIn.hint}</p>
      {/* Progress first: in the popover the list of kinds would push it out of sight. */}
      {loginError !== undefined && (
        <p className="bad small" role="alert">
          {loginError}
        </p>
      )}
      {login !== undefined && (
        <LoginProgress login={login} kind={kinds.find((kind) => kind.id === login.kind)} />
      )}
      <ul className="sign-in__kinds">
        {signInKinds.map((kind) => (
          <li key={kind.id}>
            <button
              type="button"
              className="button button--quiet"
              disabled={running && login.kind === kind.id}
              onClick={() => void startLogin(kind.id)}
            >
              {strings.signIn.start(kind.displayName)}
            </button>
            {kind.termsRisk !== 'none' && (
              <span className="muted small">{strings.providers.risk(kind.termsRisk)}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function LoginProgress({ login, kind }: { login: LoginView; kind: ProviderKindView | undefined }) {
  const { providers: store } = useStores();
  const { cancelLogin, dismissLogin } = store.getState();
  const { state } = login;
  const finished = loginFinished(login);
  const box = useRef<HTMLDivElement>(null);
  // "Sign in again" starts from an account card further up: bring the progress into view.
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [login.id]);
  return (
    <div
      ref={box}
      className="sign-in__progress"
      role="group"
      aria-live="polite"
      aria-label={kind?.displayName}
    >
      {login.accountId !== undefined && (
        <p className="muted small">{strings.signIn.renewing(login.accountId)}</p>
      )}
      {state.status === 'starting' && <p>{strings.signIn.starting}</p>}
      {state.status === 'waiting-browser' && (
        <>
          <p>{strings.signIn.browserWaiting}</p>
          <a className="button" href={state.url} target="_blank" rel="noopener noreferrer">
            {strings.signIn.openPage}
          </a>
        </>
      )}
      {state.status === 'waiting-device' && (
        <DeviceCode
          code={state.userCode}
          verificationUri={state.verificationUri}
          expiresAt={state.expiresAt}
        />
      )}
      {state.status === 'success' && (
        <p role="status">
          <strong>
            {state.plan === undefined
              ? strings.signIn.success(state.label)
              : strings.signIn.successPlan(state.label, state.plan)}
          </strong>{' '}
          <span className="muted small">{strings.signIn.account(state.accountId)}</span>
        </p>
      )}
      {state.status === 'failure' && (
        <p className="bad small" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'cancelled' && <p className="muted small">{strings.signIn.cancelled}</p>}
      {state.status === 'timed_out' && (
        <p className="bad small" role="alert">
          {strings.signIn.timedOut}
        </p>
      )}
      <div className="editor__buttons">
        {finished ? (
          <button type="button" className="button button--quiet" onClick={dismissLogin}>
            {strings.signIn.dismiss}
          </button>
        ) : (
          <button type="button" className="button button--quiet" onClick={() => void cancelLogin()}>
            {strings.signIn.cancel}
          </button>
        )}
      </div>
    </div>
  );
}

function DeviceCode({
  code,
  verificationUri,
  expiresAt,
}: {
  code: string;
  verificationUri: string;
  expiresAt: number;
}) {
  return (
    <>
      <p>{strings.signIn.deviceSteps}</p>
      <div className="sign-in__code-row">
        <output className="sign-in__code" aria-label={strings.signIn.codeLabel}>
          {code}
        </output>
        <CopyButton text={code} what={strings.signIn.codeWhat} />
      </div>
      <a className="button" href={verificationUri} target="_blank" rel="noopener noreferrer">
        {strings.signIn.verify}
      </a>
      <p className="muted small">
        <Countdown until={expiresAt} render={strings.signIn.expiresIn} />
      </p>
    </>
  );
}
