/**
 * `switchyard login <provider>`: a subscription login. Prints the URL to open
 * or the code to type, waits for the result, then stores the tokens (in the
 * secret store, never in settings) and the account (in settings).
 */
import { IMPORTERS, ImportError } from '../../auth/import.js';
import { oauthKinds } from '../../auth/oauth-kinds.js';
import type { LoginState } from '../../auth/types.js';
import { findProviderDefinition } from '../../providers/index.js';
import { saveLogin } from '../../providers/save-login.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';

const USAGE = 'login <provider> [--import] [--id ID] [--priority N]';

export const login: Command = {
  path: ['login'],
  usage: USAGE,
  summary: 'Sign in to a subscription (Claude, ChatGPT/Codex, Copilot, Kimi Coding)',
  details: [
    `<provider>     one of: ${oauthKinds().join(', ')}`,
    '--id ID        the account id (default: <provider>-<n>); logging in again with an',
    '               existing id renews that account',
    '--priority N   among accounts of one provider, lower goes first',
    '--import       reuse the login your own CLI already holds (cc: Claude Code, cx: Codex,',
    '               kr: Kiro); read once, never written; that CLI may ask you to sign in again',
  ],
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        id: { type: 'string' },
        priority: { type: 'string' },
        import: { type: 'boolean', default: false },
      },
      { min: 1, max: 1, usage: USAGE },
    );
    const kind = positionals[0] ?? '';
    const final = values.import ? await imported(kind, ctx.deps.home) : await signIn(ctx, kind);
    if (values.import) {
      ctx.warn(
        'imported_login',
        `imported the login from ${final.source}; Switchyard now refreshes it itself, so that CLI may ask you to sign in again`,
      );
    }

    const priority = values.priority === undefined ? undefined : Number(values.priority);
    if (priority !== undefined && !Number.isSafeInteger(priority)) {
      throw new CliError('invalid_argument', '--priority must be a whole number');
    }
    const saved = await saveLogin(
      { settings: await ctx.settings(), secrets: await ctx.secrets() },
      {
        kind,
        tokens: final.tokens,
        account: final.account,
        ...(values.id === undefined ? {} : { id: values.id }),
        ...(priority === undefined ? {} : { priority }),
      },
    );
    if (!saved.ok) throw new CliError(saved.code, saved.message);
    const { id } = saved;
    const risk = findProviderDefinition(kind)?.termsNote;
    ctx.output(
      { account: { id, kind, label: final.account.label, plan: final.account.plan ?? null } },
      [
        `Signed in as ${final.account.label}${final.account.plan === undefined ? '' : ` (${final.account.plan})`}; account '${id}' is ready as ${kind}/<model>.`,
        ...(risk === undefined ? [] : [`Note: ${risk}`]),
      ],
    );
    return 0;
  },
};

interface Obtained {
  tokens: LoginSuccess['tokens'];
  account: LoginSuccess['account'];
  source?: string;
}

type LoginSuccess = Extract<LoginState, { status: 'success' }>;

async function signIn(ctx: CommandContext, kind: string): Promise<Obtained> {
  let flow;
  try {
    flow = ctx.deps.startLogin(kind, {
      openUrl: (url) => ctx.io.stderr.write(`Open this address to sign in:\n  ${url}\n`),
    });
  } catch (error) {
    // A login that cannot start (a provider whose client is not configured) says why.
    throw new CliError('login_failed', error instanceof Error ? error.message : String(error));
  }
  if (flow === undefined) {
    throw new CliError(
      'unknown_kind',
      `no subscription login for '${kind}'; available: ${oauthKinds().join(', ')}`,
    );
  }
  const write = (line: string): void => void ctx.io.stderr.write(line);
  const unsubscribe = flow.onChange((state) => describeWait(state, write));
  describeWait(flow.state, write);
  const final = await flow.done;
  unsubscribe();
  if (final.status !== 'success') throw loginFailed(final);
  return final;
}

async function imported(kind: string, home: string): Promise<Obtained & { source: string }> {
  const importer = IMPORTERS[kind];
  if (importer === undefined) {
    throw new CliError(
      'invalid_argument',
      `nothing to import for '${kind}'; imports exist for: ${Object.keys(IMPORTERS).join(', ')}`,
    );
  }
  try {
    return await importer(home);
  } catch (error) {
    if (error instanceof ImportError) throw new CliError('not_found', error.message);
    throw error;
  }
}

function describeWait(state: LoginState, write: (line: string) => void): void {
  if (state.status !== 'waiting') return;
  if (state.kind === 'device') {
    write(`Go to ${state.verificationUri} and enter the code ${state.userCode}\n`);
  } else {
    write('Waiting for the browser to finish signing in…\n');
  }
}

function loginFailed(state: LoginState): CliError {
  if (state.status === 'failure') {
    return new CliError(
      'login_failed',
      `login failed (${state.error.code}): ${state.error.message}`,
    );
  }
  return new CliError(
    'login_failed',
    state.status === 'timed_out' ? 'login timed out' : 'login cancelled',
  );
}
