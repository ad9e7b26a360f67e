/**
 * An undici dispatcher for tests that sends requests for listed real origins
 * (api.anthropic.com, chatgpt.com…) to a local fake instead, so code under
 * test keeps its real URLs. Any other origin is refused, so a test can never
 * reach the network by accident.
 */
import { Agent, type Dispatcher } from 'undici';

/** The hosts the usage endpoints live on. */
export const REAL_USAGE_ORIGINS: readonly string[] = [
  'https://api.anthropic.com',
  'https://chatgpt.com',
  'https://api.github.com',
  'https://codewhisperer.us-east-1.amazonaws.com',
  'https://cloudcode-pa.googleapis.com',
];

export class RedirectDispatcher extends Agent {
  private readonly origins: ReadonlySet<string>;
  /** Every origin asked for, in order (what the code under test believed it called). */
  readonly seen: string[] = [];

  constructor(
    private readonly target: string,
    origins: readonly string[] = REAL_USAGE_ORIGINS,
    options?: Agent.Options,
  ) {
    super(options);
    this.origins = new Set(origins.map((origin) => new URL(origin).origin));
  }

  override dispatch(
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
  ): boolean {
    const url = new URL(String(options.origin));
    const origin = url.origin;
    // Local fakes (the model upstreams of a fleet) are reached as they are.
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') {
      return super.dispatch(options, handler);
    }
    if (!this.origins.has(origin)) {
      throw new Error(
        `RedirectDispatcher: ${origin} is not redirected; tests never reach the network`,
      );
    }
    this.seen.push(origin);
    return super.dispatch({ ...options, origin: this.target }, handler);
  }
}
