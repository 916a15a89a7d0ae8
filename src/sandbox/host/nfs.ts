/**
 * EFS on a simulated host: NFS mounts and the symbolic links that point into
 * them. A path is read through links and mounts, so a file one instance
 * writes into a mounted file system is there for every instance that mounts
 * it, and a file written to a local folder stays on that instance alone.
 * Whether a mount can succeed is decided by the network, as on AWS: DNS host
 * names, a mount target in the instance's zone, NFS allowed by its groups.
 */
import { ipToInt, parseCidr } from '../account/net.js';
import { fileSystemState, fileSystems, mountTargetState, mountTargets } from '../services/efs/index.js';
import { dnsHostnames } from '../services/ec2/vpcs.js';
import type { Instance, RegionState, SecurityGroupRule } from '../account/state.js';
import type { HostState } from './model.js';

export interface NfsMount {
  fileSystemId: string;
  /** `fs-....efs.<region>.amazonaws.com:/` */
  source: string;
}

export const NFS_PORT = 2049;

const MAX_LINK_HOPS = 20;

function prefixOf(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

/** The path with every link on its way followed. */
export function resolvePath(host: HostState, path: string): string {
  let resolved = path.replace(/\/+$/, '') || '/';
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    const link = Object.keys(host.links ?? {})
      .filter((l) => prefixOf(resolved, l))
      .sort((a, b) => b.length - a.length)[0];
    if (!link) return resolved;
    resolved = `${host.links![link]}${resolved.slice(link.length)}`;
  }
  return resolved;
}

/** The NFS mount a resolved path is on, and the path inside the file system. */
export function mountOf(host: HostState, resolved: string): { point: string; mount: NfsMount; inside: string } | undefined {
  const point = Object.keys(host.nfsMounts ?? {})
    .filter((p) => prefixOf(resolved, p))
    .sort((a, b) => b.length - a.length)[0];
  return point === undefined ? undefined : { point, mount: host.nfsMounts![point]!, inside: resolved.slice(point.length).replace(/^\//, '') };
}

/** A file's content through links and mounts; undefined when there is none. */
export function readHostFile(host: HostState, region: RegionState, path: string): string | undefined {
  const resolved = resolvePath(host, path);
  const on = mountOf(host, resolved);
  return on ? fileSystems(region)[on.mount.fileSystemId]?.files[on.inside]?.content : host.files[resolved]?.content;
}

export function writeHostFile(host: HostState, region: RegionState, path: string, content: string, now: number): void {
  const resolved = resolvePath(host, path);
  const on = mountOf(host, resolved);
  const fs = on ? fileSystems(region)[on.mount.fileSystemId] : undefined;
  if (on && !fs) throw new Error(`the file system of ${on.point} no longer exists`);
  if (fs && on) fs.files[on.inside] = { content, mtime: now };
  else host.files[resolved] = { content, mtime: now };
}

/** Local files under a folder (not through links or mounts), by path relative to it. */
export function localFilesUnder(host: HostState, dir: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(host.files)
      .filter(([p]) => p.startsWith(`${dir}/`))
      .map(([p, f]) => [p.slice(dir.length + 1), f.content]),
  );
}

export function removeLocalTree(host: HostState, dir: string): void {
  for (const p of Object.keys(host.files)) if (prefixOf(p, dir)) delete host.files[p];
  for (const l of Object.keys(host.links ?? {})) if (prefixOf(l, dir)) delete host.links![l];
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
export function nfsUnreachable(region: RegionState, regionName: string, instance: Instance, source: string, now: number): string | undefined {
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
