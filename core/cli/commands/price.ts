/** `switchyard price set|list`: the USD prices budgets use, per `prefix/model`. */
import type { Price } from '../../storage/settings-schema.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { formatTable } from '../table.js';

const SET_USAGE =
  'price set <prefix/model> --input USD --output USD [--cache-read USD] [--cache-write USD]';

function perMillion(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new CliError(
      'invalid_argument',
      `${flag} must be US dollars per million tokens (0 or more)`,
    );
  }
  return value;
}

export const priceSet: Command = {
  path: ['price', 'set'],
  usage: SET_USAGE,
  summary: 'Set what a model costs (USD per million tokens); wins over the built-in list',
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        input: { type: 'string' },
        output: { type: 'string' },
        'cache-read': { type: 'string' },
        'cache-write': { type: 'string' },
      },
      { min: 1, max: 1, usage: SET_USAGE },
    );
    const model = positionals[0] ?? '';
    if (!/^[^/]+\/.+$/.test(model)) {
      throw new CliError('invalid_argument', 'the model must be written prefix/model');
    }
    const input = perMillion(values.input, '--input');
    const output = perMillion(values.output, '--output');
    if (input === undefined || output === undefined) {
      throw new CliError(
        'usage',
        `--input and --output are required; usage: switchyard ${SET_USAGE}`,
      );
    }
    const cacheRead = perMillion(values['cache-read'], '--cache-read');
    const cacheWrite = perMillion(values['cache-write'], '--cache-write');
    const price: Price = {
      input,
      output,
      ...(cacheRead === undefined ? {} : { cacheRead }),
      ...(cacheWrite === undefined ? {} : { cacheWrite }),
    };
    await (
      await ctx.settings()
    ).update((draft) => {
      draft.pricing[model] = price;
    });
    ctx.output({ model, price }, [`Price for ${model} saved.`]);
    return 0;
  },
};

export const priceList: Command = {
  path: ['price', 'list'],
  usage: 'price list',
  summary: 'List the prices you have set',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: 'price list' });
    const pricing = (await ctx.settings()).get().pricing;
    const entries = Object.entries(pricing);
    ctx.output(
      { pricing },
      entries.length === 0
        ? ['No prices set; built-in list prices are used where known.']
        : formatTable(
            ['MODEL', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE'],
            entries.map(([model, price]) => [
              model,
              String(price.input),
              String(price.output),
              String(price.cacheRead ?? price.input),
              String(price.cacheWrite ?? price.input),
            ]),
          ),
    );
    return 0;
  },
};
