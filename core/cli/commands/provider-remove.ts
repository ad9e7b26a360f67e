/** `switchyard provider remove`: the same as `account remove` (an entry is one account). */
import type { Command } from '../command.js';
import { accountRemove } from './account.js';

export const providerRemove: Command = {
  ...accountRemove,
  path: ['provider', 'remove'],
  usage: 'provider remove <id>',
  summary: 'Remove a provider entry and every secret stored for it',
};
