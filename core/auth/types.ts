/**
 * The vocabulary every login flow and token refresher shares. A flow is a
 * small state machine any UI (CLI, tray, web) can watch: starting → waiting
 * for the user → success, failure, cancelled or timed out.
 */

/** What a subscription login yields; all of it is secret and lives in the SecretStore. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms when `accessToken` stops working. */
  expiresAt?: number;
  idToken?: string;
  /** Provider facts the upstream calls need (e.g. `chatgpt_account_id`, a Copilot token's endpoint, a Cloud Code project). */
  extra?: Record<string, string>;
}

export interface LoginAccount {
  /** A label the user recognises: an email, a login name. */
  label: string;
  /** The plan when the provider reports one (`pro`, `max`, `plus`…). */
  plan?: string;
}

export type LoginState =
  | { status: 'starting' }
  | { status: 'waiting'; kind: 'browser'; url: string }
  | {
      status: 'waiting';
      kind: 'device';
      verificationUri: string;
      userCode: string;
      /** Epoch ms when the code expires. */
      expiresAt: number;
    }
  | { status: 'success'; tokens: OAuthTokens; account: LoginAccount }
  | { status: 'failure'; error: LoginError }
  | { status: 'cancelled' }
  | { status: 'timed_out' };

export type LoginErrorCode =
  | 'port_in_use'
  | 'state_mismatch'
  | 'access_denied'
  | 'expired'
  | 'token_exchange_failed'
  | 'network'
  | 'invalid_response';

export interface LoginError {
  code: LoginErrorCode;
  message: string;
}

export interface LoginFlow {
  readonly state: LoginState;
  /** Called on every state change; returns an unsubscribe function. */
  onChange(listener: (state: LoginState) => void): () => void;
  /** Resolves with the final state (success, failure, cancelled or timed_out). */
  readonly done: Promise<LoginState>;
  cancel(): void;
}

/** Why a refresh did not produce new tokens. */
export type RefreshFailure =
  /** The upstream refused the refresh token: the account needs a new login. */
  | { kind: 'refused'; message: string }
  /** The upstream could not be reached or failed; try again later. */
  | { kind: 'network'; message: string };

export class RefreshError extends Error {
  constructor(readonly failure: RefreshFailure) {
    super(failure.message);
    this.name = 'RefreshError';
  }
}

/** Turns a (possibly rotated) refresh token into fresh tokens; throws `RefreshError`. */
export type TokenRefresher = (tokens: OAuthTokens) => Promise<OAuthTokens>;
