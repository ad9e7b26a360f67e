/** `switchyard provider list`: the configured providers; never their keys. */
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { formatTable } from '../table.js';
import { riskLine, viewProvider } from './provider-view.js';

const USAGE = 'provider list';

export const providerList: Command = {
  path: ['provider', 'list'],
  usage: USAGE,
  summary: 'List configured providers',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: USAGE });
    const views = (await ctx.settings()).get().providers.map(viewProvider);
    if (views.length === 0) {
      ctx.output({ providers: [] }, [
        'No providers configured. Add one with: switchyard provider add <id> --kind <kind>',
      ]);
      return 0;
    }
    const rows = views.map((view) => [
      view.id,
      view.kind,
      view.prefix,
      view.format ?? '-',
      view.baseUrl ?? '-',
      view.enabled ? 'yes' : 'no',
      view.hasApiKey ? 'yes' : 'no',
      view.state,
      view.termsRisk,
    ]);
    const risks = views.flatMap((view) => riskLine(view) ?? []);
    ctx.output({ providers: views }, [
      ...formatTable(
        ['ID', 'KIND', 'PREFIX', 'FORMAT', 'BASE URL', 'ENABLED', 'KEY', 'STATE', 'RISK'],
        rows,
      ),
      ...risks.map((risk) => `Note: ${risk}`),
    ]);
    return 0;
  },
};
