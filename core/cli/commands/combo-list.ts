/** `switchyard combo list`: every combo with its strategy and entries; the active one marked. */
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { formatTable } from '../table.js';
import { entriesText, viewCombo } from './combo-view.js';

const USAGE = 'combo list';

export const comboList: Command = {
  path: ['combo', 'list'],
  usage: USAGE,
  summary: "List combos; * marks the active one (the model 'auto')",
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: USAGE });
    const { combos, routing } = (await ctx.settings()).get();
    const active = routing.activeCombo;
    if (active !== undefined && !combos.some((combo) => combo.name === active)) {
      ctx.warn(
        'active_combo_missing',
        `the active combo '${active}' does not exist; the model 'auto' answers 404`,
      );
    }
    const views = combos.map((combo) => viewCombo(combo, active));
    const json = { combos: views, activeCombo: active ?? null };
    if (views.length === 0) {
      ctx.output(json, [
        'No combos. Create one with: switchyard combo set <name> <prefix/model>...',
      ]);
      return 0;
    }
    ctx.output(json, [
      ...formatTable(
        ['ACTIVE', 'NAME', 'STRATEGY', 'ENTRIES'],
        views.map((view) => [view.active ? '*' : '', view.name, view.strategy, entriesText(view)]),
      ),
      ...(views.some((view) => view.active)
        ? []
        : [
            "No combo is active; activate one for the model 'auto' with: switchyard combo activate <name>",
          ]),
    ]);
    return 0;
  },
};
