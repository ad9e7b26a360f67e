/** `switchyard combo remove`: deletes a combo no other combo lists; deactivates it if active. */
import { combosReferencing, describeComboInUse } from '../../routing/combos.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';

const USAGE = 'combo remove <name>';

export const comboRemove: Command = {
  path: ['combo', 'remove'],
  usage: USAGE,
  summary: 'Remove a combo',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1, usage: USAGE });
    const name = positionals[0] ?? '';
    let deactivated = false;
    await (
      await ctx.settings()
    ).update((draft) => {
      if (!draft.combos.some((combo) => combo.name === name)) {
        throw new CliError('not_found', `no combo named '${name}'`);
      }
      const users = combosReferencing(draft.combos, name);
      if (users.length > 0) {
        throw new CliError('combo_in_use', describeComboInUse(name, users));
      }
      draft.combos = draft.combos.filter((combo) => combo.name !== name);
      if (draft.routing.activeCombo === name) {
        delete draft.routing.activeCombo;
        deactivated = true;
      }
    });
    ctx.output({ removed: name, deactivated }, [
      `Removed combo '${name}'`,
      ...(deactivated ? ["It was active; no combo is active now, so 'auto' answers 404"] : []),
    ]);
    return 0;
  },
};
