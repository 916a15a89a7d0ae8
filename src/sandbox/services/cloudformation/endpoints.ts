/**
 * What a stack serves on the web: the load balancer of an Elastic Beanstalk
 * environment it made answers while the environment exists (created, not yet
 * deleted). The page itself comes from the run's simulation.
 */
import type { SandboxAccountState } from '../../account/state.js';
import { resourceStatus, stackStatus } from './timeline.js';

export interface StackWebEndpoint {
  stackName: string;
  logicalId: string;
  regionName: string;
  /** The stack's parameters, as given (a simulated application may read what it was restored from). */
  parameters: Record<string, string>;
}

export function liveWebEndpoint(account: SandboxAccountState, host: string, now: number): StackWebEndpoint | undefined {
  for (const [regionName, region] of Object.entries(account.regions))
    for (const stack of Object.values(region.stacks ?? {})) {
      const env = stack.resources.find((r) => r.ResourceType === 'AWS::ElasticBeanstalk::Environment' && r.attributes.EndpointURL?.toLowerCase() === host);
      if (!env || resourceStatus(stack, env.LogicalResourceId, now) !== 'CREATE_COMPLETE') continue;
      if (stackStatus(stack, now).status.startsWith('ROLLBACK')) continue;
      return { stackName: stack.StackName, logicalId: env.LogicalResourceId, regionName, parameters: Object.fromEntries(stack.Parameters.map((p) => [p.ParameterKey, p.ParameterValue])) };
    }
  return undefined;
}
