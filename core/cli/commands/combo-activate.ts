/** `switchyard combo activate`: chooses the combo behind the model `auto` (or none). */
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';

const USAGE = 'combo activate <name> | combo activate --none';

export const comboActivate: Command = {
  path: ['combo', 'activate'],
  usage: USAGE,
  summary: "Make a combo serve the model 'auto' (--none: no combo does)",
  details: ["--none           clear the active combo; 'auto' then answers 404"],
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { none: { type: 'boolean', default: false } },
      { min: 0, max: 1, usage: USAGE },
    );
    const name = positionals[0];
    if ((name === undefined) === !values.none) {
      throw new CliError('usage', `give a combo name or --none; usage: switchyard ${USAGE}`);
    }
    await (
      await ctx.settings()
    ).update((draft) => {
      if (name === undefined) {
        delete draft.routing.activeCombo;
        return;
      }
      if (!draft.combos.some((combo) => combo.name === name)) {
        const known = draft.combos.map((combo) => combo.name);
        throw new CliError(
          'not_found',
          `no combo named '${name}'` + (known.length === 0 ? '' : `; combos: ${known.join(', ')}`),
        );
      }
      draft.routing.activeCombo = name;
    });
    ctx.output(
      { activeCombo: name ?? null },
      name === undefined
        ? "No combo is active now; the model 'auto' answers 404"
        : `Combo '${name}' is active: the model 'auto' uses it`,
    );
    return 0;
  },
};
