/**
 * EFS as an instance's network reaches it, the answer behind a simulated
 * `mount -t nfs4`: the name resolves only inside a VPC with DNS host names and
 * only where the file system has an available mount target in the instance's
 * zone; the mount target's groups must let NFS in from the instance.
 */
import { ipToInt, parseCidr } from '../../account/net.js';
import type { Instance, RegionState, SecurityGroupRule } from '../../account/state.js';
import type { NfsNetwork } from '../../host/simulation.js';
import { dnsHostnames } from '../ec2/vpcs.js';
import { fileSystemState, fileSystems, mountTargetState, mountTargets } from './index.js';

export const NFS_PORT = 2049;

export function nfsNetwork(region: RegionState, regionName: string, instance: Instance, now: number): NfsNetwork {
  return {
    unreachable: (source) => nfsUnreachable(region, regionName, instance, source, now),
    files: (id) => fileSystems(region)[id]?.files,
  };
}

/** The files of the region's file systems, for readers that are not a host (the load balancer's view). */
export function efsFiles(region: RegionState): Pick<NfsNetwork, 'files'> {
  return { files: (id) => fileSystems(region)[id]?.files };
}

function allowsNfs(rule: SecurityGroupRule, instance: Instance): boolean {
  const port = rule.IpProtocol === '-1' || (rule.IpProtocol === 'tcp' && (rule.FromPort ?? 0) <= NFS_PORT && NFS_PORT <= (rule.ToPort ?? 65535));
  if (!port) return false;
  if (rule.ReferencedGroupId) return instance.SecurityGroupIds.includes(rule.ReferencedGroupId);
  if (!rule.CidrIpv4) return false;
  const { base, size } = parseCidr(rule.CidrIpv4);
  const ip = ipToInt(instance.PrivateIpAddress);
  return ip >= base && ip < base + size;
}

/** Why this instance cannot mount `source`, in mount.nfs4's words; undefined when it can. */
function nfsUnreachable(region: RegionState, regionName: string, instance: Instance, source: string, now: number): string | undefined {
  const host = source.replace(/:\/$/, '');
  const unresolved = `mount.nfs4: Failed to resolve server ${host}: Name or service not known`;
  const m = /^(fs-[0-9a-f]+)\.efs\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host);
  const fs = m ? fileSystems(region)[m[1]!] : undefined;
  const vpc = region.vpcs[instance.VpcId];
  const zone = region.subnets[instance.SubnetId]?.AvailabilityZone;
  // EFS names resolve only inside a VPC with DNS host names, and only where the file system has a mount target in the zone.
  if (!m || m[2] !== regionName || !fs || fileSystemState(fs, now) !== 'available' || !vpc || !dnsHostnames(vpc)) return unresolved;
  const target = Object.values(mountTargets(region)).find((t) => t.FileSystemId === fs.FileSystemId && t.VpcId === instance.VpcId && t.AvailabilityZoneName === zone);
  if (!target || mountTargetState(target, now) !== 'available') return unresolved;
  const groups = target.securityGroupIds.map((id) => region.securityGroups[id]).filter((g) => g !== undefined);
  if (!groups.some((g) => g.ingress.some((r) => allowsNfs(r, instance)))) return `mount.nfs4: Connection timed out (${target.IpAddress}:${NFS_PORT} is not open to ${instance.InstanceId})`;
  return undefined;
}
