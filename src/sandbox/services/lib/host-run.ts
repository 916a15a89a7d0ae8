/**
 * A script arriving on an instance (SSM Run Command, a deployment hook): the
 * environment it sees (its peers by private address, EFS as its network
 * reaches it) and the run's simulation of the script.
 */
import type { Instance } from '../../account/state.js';
import { runOnHost } from '../../host/scripts.js';
import type { ScriptOutcome } from '../../host/simulation.js';
import { isRunning } from '../ec2/lifecycle.js';
import { nfsNetwork } from '../efs/nfs-network.js';
import { parameterValue } from '../ssm/parameters.js';
import type { OperationContext } from './context.js';

export function runScriptOn(ctx: OperationContext, instance: Instance, text: string): ScriptOutcome & { name: string } {
  // A script may reach other hosts by private address (a swarm worker joins its manager).
  const peer = (ip: string) => Object.values(ctx.region.instances).find((i) => i.PrivateIpAddress === ip && isRunning(i, ctx.now))?.host;
  const parameter = (name: string) => parameterValue(ctx.region, name);
  return runOnHost(instance.host, text, { now: ctx.now, peer, parameter, nfs: nfsNetwork(ctx.region, ctx.regionName, instance, ctx.now) }, ctx.simulation);
}
