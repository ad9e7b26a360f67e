/**
 * `switchyard routing show`, `routing set` and `routing pause`/`resume`: the
 * account strategy, the unknown-model option, the pause switch, and what is
 * resting right now (cooldowns, open circuits, accounts that need a login),
 * read from the saved routing state.
 */
import { loadRoutingState } from '../../routing/state-file.js';
import { accountStrategySchema } from '../../storage/settings-schema.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { formatTable } from '../table.js';

const SHOW_USAGE = 'routing show';
const SET_USAGE =
  'routing set [--account-strategy fill-first|round-robin|most-quota-left] [--unknown-to-combo on|off]';

export const routingShow: Command = {
  path: ['routing', 'show'],
  usage: SHOW_USAGE,
  summary: 'Show routing options and what is cooling down (saved within a second by the server)',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: SHOW_USAGE });
    const settings = (await ctx.settings()).get();
    const state = await loadRoutingState(await ctx.dataDir());
    const now = Date.now();
    const cooldowns = state.cooldowns.entries
      .filter((entry) => entry.until > now)
      .map((entry) => ({
        account: entry.accountId,
        model: entry.model ?? '(all models)',
        until: new Date(entry.until).toISOString(),
        reason: entry.reason,
      }));
    const needsLogin = Object.keys(
      ((state.extra as { needsLogin?: Record<string, unknown> }).needsLogin ?? {}) as object,
    );
    const options = {
      activeCombo: settings.routing.activeCombo ?? null,
      accountStrategy: settings.routing.accountStrategy,
      unknownModelsToActiveCombo: settings.routing.unknownModelsToActiveCombo,
      paused: settings.routing.paused,
    };
    ctx.output({ options, cooldowns, needsLogin, breakers: state.breakers }, [
      ...(options.paused ? ['Routing is PAUSED: run `switchyard routing resume`.', ''] : []),
      `Active combo: ${options.activeCombo ?? '(none)'}`,
      `Account strategy: ${options.accountStrategy}`,
      `Unknown models go to the active combo: ${options.unknownModelsToActiveCombo ? 'yes' : 'no'}`,
      '',
      ...(cooldowns.length === 0
        ? ['Nothing is cooling down.']
        : formatTable(
            ['ACCOUNT', 'MODEL', 'UNTIL', 'WHY'],
            cooldowns.map((entry) => [entry.account, entry.model, entry.until, entry.reason]),
          )),
      ...(needsLogin.length === 0 ? [] : ['', `Needs login: ${needsLogin.join(', ')}`]),
    ]);
    return 0;
  },
};

export const routingSet: Command = {
  path: ['routing', 'set'],
  usage: SET_USAGE,
  summary: 'Change how accounts are picked and where unknown models go',
  details: [
    '--account-strategy S   fill-first (by priority), round-robin, or most-quota-left',
    '--unknown-to-combo on  send models no provider serves to the active combo (off: 404)',
  ],
  async run(ctx, args) {
    const { values } = parseCommandArgs(
      args,
      { 'account-strategy': { type: 'string' }, 'unknown-to-combo': { type: 'string' } },
      { min: 0, max: 0, usage: SET_USAGE },
    );
    const strategy = values['account-strategy'];
    const unknown = values['unknown-to-combo'];
    if (strategy === undefined && unknown === undefined) {
      throw new CliError('usage', `nothing to change; usage: switchyard ${SET_USAGE}`);
    }
    const parsedStrategy =
      strategy === undefined ? undefined : accountStrategySchema.safeParse(strategy);
    if (parsedStrategy !== undefined && !parsedStrategy.success) {
      throw new CliError(
        'invalid_argument',
        `--account-strategy must be one of ${accountStrategySchema.options.join(', ')}`,
      );
    }
    if (unknown !== undefined && unknown !== 'on' && unknown !== 'off') {
      throw new CliError('invalid_argument', '--unknown-to-combo must be on or off');
    }
    const store = await ctx.settings();
    await store.update((draft) => {
      if (parsedStrategy?.success === true) draft.routing.accountStrategy = parsedStrategy.data;
      if (unknown !== undefined) draft.routing.unknownModelsToActiveCombo = unknown === 'on';
    });
    const routing = store.get().routing;
    ctx.output({ routing }, [
      `Account strategy: ${routing.accountStrategy}; unknown models to the active combo: ${routing.unknownModelsToActiveCombo ? 'on' : 'off'}`,
    ]);
    return 0;
  },
};

/** Pause and resume write settings; a running server sees the change and applies it at once. */
function pauseCommand(paused: boolean): Command {
  const usage = paused ? 'routing pause' : 'routing resume';
  return {
    path: ['routing', paused ? 'pause' : 'resume'],
    usage,
    summary: paused
      ? 'Pause routing: answer every model request with a 503 until resumed'
      : 'Resume routing after a pause',
    async run(ctx, args) {
      parseCommandArgs(args, {}, { min: 0, max: 0, usage });
      const store = await ctx.settings();
      await store.update((draft) => {
        draft.routing.paused = paused;
      });
      ctx.output({ paused }, [
        paused
          ? 'Routing is paused: model requests get a 503 until `switchyard routing resume`.'
          : 'Routing resumed.',
      ]);
      return 0;
    },
  };
}

export const routingPause = pauseCommand(true);
export const routingResume = pauseCommand(false);
