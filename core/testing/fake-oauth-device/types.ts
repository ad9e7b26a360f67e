// The vocabulary of the scriptable fake device-authorization servers.
import type { IncomingHttpHeaders } from 'node:http';

/** Which wire dialect the fake speaks. */
export type FakeDeviceDialect = 'github' | 'aws' | 'rfc8628';

/** What the next token poll answers; an empty queue answers `pending`. */
export type PollAnswer = 'pending' | 'slow_down' | 'success' | 'expired' | 'denied';

/**
 * What the next renewal answers; an empty queue answers `ok`. For `github` this is every
 * Copilot token exchange (the one at login included); for the others every refresh_token grant.
 */
export type RenewalAnswer = 'ok' | 'refused' | 'server_error';

export interface FakeDeviceServerOptions {
  dialect: FakeDeviceDialect;
  polls?: PollAnswer[];
  renewals?: RenewalAnswer[];
  /** Seconds the device code lives (default 900). */
  expiresIn?: number;
  /** Seconds between polls the server asks for (default 5). */
  interval?: number;
  /** Whether the device authorization carries a `verification_uri_complete` (default true). */
  withCompleteUri?: boolean;
  /** The GitHub login `/user` reports (default `octo-tester`). */
  githubLogin?: string;
  /** The client id the github and rfc8628 dialects accept (default: any). */
  clientId?: string;
}

export interface RecordedOAuthRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON or form body as an object; undefined when empty. */
  body: Record<string, unknown> | undefined;
}

export interface FakeDeviceServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly requests: RecordedOAuthRequest[];
  /** Mutable queues: push answers at any time during a test. */
  readonly script: { polls: PollAnswer[]; renewals: RenewalAnswer[] };
  /** Every credential the fake handed out, in order. */
  readonly issued: {
    accessTokens: string[];
    refreshTokens: string[];
    copilotTokens: string[];
    clients: { clientId: string; clientSecret: string }[];
  };
  /** The requests to `path` so far. */
  requestsTo(path: string): RecordedOAuthRequest[];
  close(): Promise<void>;
}
