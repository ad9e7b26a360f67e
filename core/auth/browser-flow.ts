/**
 * The generic browser login: authorization code + PKCE with a loopback
 * redirect. Providers supply their facts and how to read the token response;
 * this file owns the state machine, the listener's lifetime and the timeout.
 */
import type { Dispatcher } from 'undici';
import { createLoginFlowController, type FinalLoginState } from './flow-state.js';
import { LoginFailure, startLoopback, type LoopbackListener } from './loopback.js';
import { createPkce, createState, type RandomBytes } from './pkce.js';
import {
  defaultDispatcher,
  describeOAuthError,
  postTokenRequest,
  type TokenBodyEncoding,
  type TokenReply,
} from './token-endpoint.js';
import type { LoginAccount, LoginError, LoginFlow, LoginState, OAuthTokens } from './types.js';

export const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;

export interface FinishContext {
  dispatcher: Dispatcher;
  now: () => number;
  signal: AbortSignal;
}

export interface LoginResult {
  tokens: OAuthTokens;
  account: LoginAccount;
}

export interface BrowserLoginConfig {
  /** For messages and the browser page, e.g. `Claude`. */
  providerName: string;
  clientId: string;
  clientSecret?: string;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: readonly string[];
  extraAuthorizeParams?: Readonly<Record<string, string>>;
  /** Port 0 means an ephemeral port. */
  redirect: { host: 'localhost' | '127.0.0.1'; port: number; path: string };
  portHolderHint?: string;
  tokenEncoding: TokenBodyEncoding;
  /** Extra fields for the code exchange (Claude echoes `state`). */
  extraTokenFields?: (context: { state: string }) => Record<string, string>;
  /** Reads tokens and the account from a 200 token response; throws `LoginFailure` when it cannot. */
  finish(body: Record<string, unknown>, context: FinishContext): Promise<LoginResult>;
}

export interface BrowserLoginOptions {
  /** Shows the authorize URL to the user (the CLI prints it, the app opens a browser). */
  openUrl?: (url: string) => void;
  dispatcher?: Dispatcher;
  now?: () => number;
  /** How long the whole login may take; 5 minutes by default. */
  timeoutMs?: number;
  authorizeUrl?: string;
  tokenUrl?: string;
  random?: RandomBytes;
}

function isTerminal(state: LoginState): boolean {
  return state.status !== 'starting' && state.status !== 'waiting';
}

export function createBrowserLogin(
  config: BrowserLoginConfig,
  options: BrowserLoginOptions = {},
): LoginFlow {
  const control = createLoginFlowController();
  const now = options.now ?? Date.now;
  let loopback: LoopbackListener | undefined;

  const transition = (next: LoginState): void => {
    if (isTerminal(next)) control.finish(next as FinalLoginState);
    else control.update(next);
  };
  // However the flow ends (success, failure, cancel, timeout), the listener and timer go.
  void control.flow.done.then(() => {
    clearTimeout(timer);
    void loopback?.close();
  });
  const fail = (error: LoginError): void => transition({ status: 'failure', error });

  const timer = setTimeout(
    () => transition({ status: 'timed_out' }),
    options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
  );

  const run = async (): Promise<void> => {
    const pkce = createPkce(options.random);
    const stateValue = createState(options.random);
    try {
      loopback = await startLoopback({
        port: config.redirect.port,
        path: config.redirect.path,
        redirectHost: config.redirect.host,
        expectedState: stateValue,
        providerName: config.providerName,
        ...(config.portHolderHint === undefined ? {} : { portHolderHint: config.portHolderHint }),
      });
    } catch (error) {
      if (error instanceof LoginFailure) fail(error.error);
      else throw error;
      return;
    }
    if (isTerminal(control.flow.state)) {
      // Cancelled or timed out while the listener was starting.
      await loopback.close();
      return;
    }
    const url = new URL(options.authorizeUrl ?? config.authorizeUrl);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: loopback.redirectUri,
      scope: config.scopes.join(' '),
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
      state: stateValue,
      ...config.extraAuthorizeParams,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    transition({ status: 'waiting', kind: 'browser', url: url.href });
    try {
      options.openUrl?.(url.href);
    } catch {
      // The URL is in the waiting state too; a failed browser launch must not end the login.
    }

    const outcome = await Promise.race([loopback.outcome, control.flow.done.then(() => undefined)]);
    if (outcome === undefined || isTerminal(control.flow.state)) return;
    if (!outcome.ok) {
      fail(outcome.error);
      return;
    }

    const dispatcher = options.dispatcher ?? defaultDispatcher();
    const fields: Record<string, string> = {
      grant_type: 'authorization_code',
      code: outcome.code,
      redirect_uri: loopback.redirectUri,
      client_id: config.clientId,
      code_verifier: pkce.verifier,
      ...config.extraTokenFields?.({ state: stateValue }),
    };
    if (config.clientSecret !== undefined) fields.client_secret = config.clientSecret;
    let reply: TokenReply;
    try {
      reply = await postTokenRequest(
        options.tokenUrl ?? config.tokenUrl,
        fields,
        config.tokenEncoding,
        dispatcher,
        control.signal,
      );
    } catch (error) {
      fail({
        code: 'network',
        message: `Could not reach ${config.providerName}'s token endpoint: ${reason(error)}`,
      });
      return;
    }
    if (reply.status >= 500) {
      fail({
        code: 'network',
        message: `${config.providerName}'s token endpoint failed (${describeOAuthError(reply)}); try again.`,
      });
      return;
    }
    if (reply.status !== 200) {
      fail({
        code: 'token_exchange_failed',
        message: `${config.providerName} did not accept the sign-in code (${describeOAuthError(reply)}).`,
      });
      return;
    }
    if (reply.body === undefined) {
      fail({
        code: 'invalid_response',
        message: `${config.providerName}'s token endpoint did not answer with JSON.`,
      });
      return;
    }
    try {
      const result = await config.finish(reply.body, { dispatcher, now, signal: control.signal });
      transition({ status: 'success', tokens: result.tokens, account: result.account });
    } catch (error) {
      if (error instanceof LoginFailure) fail(error.error);
      else fail({ code: 'network', message: `${config.providerName}: ${reason(error)}` });
    }
  };

  run().catch((error: unknown) => {
    fail({ code: 'invalid_response', message: `${config.providerName} login: ${reason(error)}` });
  });

  return control.flow;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
