/** `switchyard combo set`: creates or replaces a combo; a running server uses it from its next request. */
import { modelPrefix, parseCombo, validateCombo, withCombo } from '../../routing/combos.js';
import {
  comboStrategySchema,
  type Combo,
  type ComboStrategy,
} from '../../storage/settings-schema.js';
import { parseCommandArgs, splitList } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { comboProblemError, entriesText, viewCombo } from './combo-view.js';

const USAGE =
  'combo set <name> <entry>... [--strategy fallback|round-robin|weighted] [--weights 3,1,...]';

export const comboSet: Command = {
  path: ['combo', 'set'],
  usage: USAGE,
  summary: 'Create or replace a combo (entries: prefix/model or another combo)',
  details: [
    '<entry>...        tried in order: prefix/model ids, or names of other combos',
    '--strategy S      fallback (default): always in the listed order',
    '                  round-robin: each request starts one entry further, then goes on in order',
    '                  weighted: the first entry is drawn by weight, the rest follow by weight',
    '--weights 3,1     one positive number per entry (for weighted)',
  ],
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { strategy: { type: 'string' }, weights: { type: 'string' } },
      { min: 2, max: Number.POSITIVE_INFINITY, usage: USAGE },
    );
    const [name = '', ...models] = positionals;
    const strategy = parseStrategy(values.strategy);
    const weights = values.weights === undefined ? undefined : parseWeights(values.weights);
    if (weights !== undefined && weights.length !== models.length) {
      throw new CliError(
        'invalid_argument',
        `--weights: ${weights.length} weight(s) for ${models.length} entries; give one per entry`,
      );
    }
    if (weights !== undefined && strategy !== 'weighted') {
      ctx.warn('weights_ignored', `--weights are kept but only used by --strategy weighted`);
    }
    const candidate = checkedCombo({
      name,
      strategy,
      entries: models.map((model, index) => ({ model, weight: weights?.[index] ?? 1 })),
    });

    let replaced = false;
    const saved = await (
      await ctx.settings()
    ).update((draft) => {
      const problem = validateCombo(draft.combos, candidate);
      if (problem !== undefined) throw comboProblemError(candidate.name, problem);
      replaced = draft.combos.some((combo) => combo.name === candidate.name);
      draft.combos = withCombo(draft.combos, candidate);
    });

    const prefixes = new Set(saved.providers.map((provider) => provider.prefix));
    for (const { model } of candidate.entries) {
      const prefix = modelPrefix(model);
      if (prefix !== undefined && !prefixes.has(prefix)) {
        ctx.warn(
          'unknown_prefix',
          `no configured provider has prefix '${prefix}' (entry '${model}'); ` +
            'add one with: switchyard provider add <id> --kind <kind> --prefix ' +
            prefix,
        );
      }
    }

    const view = viewCombo(candidate, saved.routing.activeCombo);
    ctx.output({ combo: view, replaced }, [
      `${replaced ? 'Replaced' : 'Created'} combo '${view.name}' (${view.strategy}): ${entriesText(view)}`,
      view.active
        ? `It is active: the model 'auto' uses it.`
        : `Ask for model '${view.name}', or make it 'auto' with: switchyard combo activate ${view.name}`,
    ]);
    return 0;
  },
};

function parseStrategy(value: string | undefined): ComboStrategy {
  if (value === undefined) return 'fallback';
  const parsed = comboStrategySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new CliError(
    'invalid_argument',
    `--strategy: expected one of ${comboStrategySchema.options.join(', ')}`,
  );
}

function parseWeights(value: string): number[] {
  return splitList(value).map((item) => {
    const weight = Number(item);
    if (!Number.isFinite(weight) || weight <= 0) {
      throw new CliError('invalid_argument', `--weights: '${item}' is not a positive number`);
    }
    return weight;
  });
}

function checkedCombo(candidate: Record<string, unknown>): Combo {
  const parsed = parseCombo(candidate);
  if (parsed.ok) return parsed.combo;
  throw new CliError(
    'invalid_argument',
    `${parsed.field === 'name' ? '<name>' : parsed.field}: ${parsed.message}`,
  );
}
