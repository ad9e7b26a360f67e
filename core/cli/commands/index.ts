/** Every `switchyard` command, in the order help lists them. */
import type { Command } from '../command.js';
import { accountClear } from './account-clear.js';
import { accountDisable, accountEnable, accountList, accountRemove } from './account.js';
import { budgetClear, budgetSet, budgetShow } from './budget.js';
import { comboActivate } from './combo-activate.js';
import { comboList } from './combo-list.js';
import { comboRemove } from './combo-remove.js';
import { comboSet } from './combo-set.js';
import { connect } from './connect.js';
import { disconnect } from './disconnect.js';
import { doctor } from './doctor.js';
import { keyCreate } from './key-create.js';
import { keyList } from './key-list.js';
import { keyRevoke } from './key-revoke.js';
import { login } from './login.js';
import { models } from './models.js';
import { priceList, priceSet } from './price.js';
import { providerAdd } from './provider-add.js';
import { providerList } from './provider-list.js';
import { providerRemove } from './provider-remove.js';
import { quota } from './quota.js';
import { routingPause, routingResume, routingSet, routingShow } from './routing.js';
import { serve } from './serve.js';
import { tools } from './tools.js';
import { trace } from './trace.js';
import { usage } from './usage.js';

export const COMMANDS: readonly Command[] = [
  serve,
  providerAdd,
  providerList,
  providerRemove,
  login,
  accountList,
  accountEnable,
  accountDisable,
  accountRemove,
  accountClear,
  keyCreate,
  keyList,
  keyRevoke,
  comboSet,
  comboList,
  comboActivate,
  comboRemove,
  models,
  routingShow,
  routingSet,
  routingPause,
  routingResume,
  budgetSet,
  budgetClear,
  budgetShow,
  priceSet,
  priceList,
  quota,
  usage,
  trace,
  tools,
  connect,
  disconnect,
  doctor,
];
