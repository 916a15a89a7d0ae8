/**
 * A delete that AWS refuses while something removed a moment ago still holds
 * the resource (EC2's DependencyViolation for a network interface, ACM's
 * ResourceInUseException for a load balancer's listener): tried again until
 * it goes through; gone already is done.
 */
import type { StepContext } from '../engine/model/step.js';
import { hasErrorName, isNotFound } from '../aws/errors.js';
import { waitFor } from '../aws/wait.js';

export async function deleteWhenFree(ctx: StepContext, what: string, send: () => Promise<unknown>, busy = 'DependencyViolation'): Promise<void> {
  await waitFor(ctx, {
    what: `${what} to be free to delete`,
    minDelay: 5,
    maxDelay: 20,
    maxWait: 600,
    poll: async () => {
      try {
        await send();
      } catch (err) {
        if (isNotFound(err)) return { done: true, value: undefined };
        if (hasErrorName(err, busy)) return { done: false, status: 'still in use' };
        throw err;
      }
      return { done: true, value: undefined };
    },
  });
}
