/** `switchyard tools`: each coding tool, whether it is installed, connected, or drifted. */
import { RouterKeyIndex } from '../../storage/router-keys.js';
import { detectTool } from '../../tools/detect.js';
import { TOOLS } from '../../tools/index.js';
import { describeStatus, toolLinkStatus } from '../../tools/status.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import type { CommandContext } from '../context.js';
import { formatTable } from '../table.js';

export async function toolViews(ctx: CommandContext) {
  const settings = (await ctx.settings()).get();
  const keys = new RouterKeyIndex(settings.routerKeys);
  const dataDir = await ctx.dataDir();
  return Promise.all(
    TOOLS.map(async (tool) => {
      const detection = await detectTool(tool, ctx.deps.home, ctx.deps.findBinary);
      const status = await toolLinkStatus(tool, ctx.deps.home, dataDir, settings.server.port, keys);
      return { tool, detection, status };
    }),
  );
}

export const tools: Command = {
  path: ['tools'],
  usage: 'tools',
  summary: 'List coding tools: installed, connected to Switchyard, or drifted',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: 'tools' });
    const views = await toolViews(ctx);
    ctx.output(
      {
        tools: views.map(({ tool, detection, status }) => ({
          id: tool.id,
          name: tool.displayName,
          installed: detection.installed,
          ...(detection.evidence === undefined ? {} : { evidence: detection.evidence }),
          status,
        })),
      },
      formatTable(
        ['TOOL', 'NAME', 'INSTALLED', 'STATUS'],
        views.map(({ tool, detection, status }) => [
          tool.id,
          tool.displayName,
          detection.installed ? 'yes' : 'no',
          describeStatus(status),
        ]),
      ),
    );
    return 0;
  },
};
