/** `switchyard tools`: each coding tool, whether it is installed, connected, or drifted. */
import { inspectTools } from '../../tools/service.js';
import { describeStatus } from '../../tools/status.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { formatTable } from '../table.js';
import { toolsContext } from './tool-shared.js';

export const tools: Command = {
  path: ['tools'],
  usage: 'tools',
  summary: 'List coding tools: installed, connected to Switchyard, or drifted',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0, usage: 'tools' });
    const views = await inspectTools(await toolsContext(ctx));
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
