/** STS: who the sandbox says you are. */
import { CALLER_USER_ID } from '../../account/world.js';
import type { ServiceHandlers } from '../lib/context.js';

export const sts: ServiceHandlers = {
  GetCallerIdentity: (ctx) => ({ UserId: CALLER_USER_ID, Account: ctx.account.accountId, Arn: ctx.account.callerArn }),
};
