/**
 * A script arriving on an instance (SSM Run Command, a deployment hook): the
 * environment it sees (its peers by private address, EFS as its network
 * reaches it) and the run's simulation of the script.
 */
import { createHash } from 'node:crypto';
import type { Instance, SandboxAccountState } from '../../account/state.js';
import type { ObjectStore } from '../../host/simulation.js';
import { runOnHost } from '../../host/scripts.js';
import type { ScriptOutcome } from '../../host/simulation.js';
import { isRunning } from '../ec2/lifecycle.js';
import { nfsNetwork } from '../efs/nfs-network.js';
import { parameterValue } from '../ssm/parameters.js';
import type { OperationContext } from './context.js';

/** S3 as an instance reaches it: objects a script uploads land in the account's buckets. */
function objectStore(account: SandboxAccountState, now: number): ObjectStore {
  return {
    put: (bucket, key, body) => {
      const b = account.s3.buckets[bucket];
      if (!b) return false;
      const bytes = Buffer.from(body);
      b.objects[key] = { Size: bytes.byteLength, ETag: `"${createHash('md5').update(bytes).digest('hex')}"`, bodyBase64: bytes.toString('base64'), lastModified: now };
      return true;
    },
    keys: (bucket, prefix) => Object.keys(account.s3.buckets[bucket]?.objects ?? {}).filter((k) => k.startsWith(prefix)),
  };
}

export function runScriptOn(ctx: OperationContext, instance: Instance, text: string): ScriptOutcome & { name: string } {
  // A script may reach other hosts by private address (a swarm worker joins its manager).
  const peer = (ip: string) => Object.values(ctx.region.instances).find((i) => i.PrivateIpAddress === ip && isRunning(i, ctx.now))?.host;
  const parameter = (name: string) => parameterValue(ctx.region, name);
  return runOnHost(instance.host, text, { now: ctx.now, peer, parameter, nfs: nfsNetwork(ctx.region, ctx.regionName, instance, ctx.now), objects: objectStore(ctx.account, ctx.now) }, ctx.simulation);
}
