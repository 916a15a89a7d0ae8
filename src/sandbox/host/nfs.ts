/**
 * EFS on a simulated host: NFS mounts and the symbolic links that point into
 * them. A path is read through links and mounts, so a file one instance
 * writes into a mounted file system is there for every instance that mounts
 * it, and a file written to a local folder stays on that instance alone.
 * Whether a mount can succeed is the network's answer (NfsNetwork), as on AWS.
 */
import type { NfsNetwork } from './simulation.js';
import type { HostState, NfsMount } from './model.js';

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
export function readHostFile(host: HostState, nfs: Pick<NfsNetwork, 'files'> | undefined, path: string): string | undefined {
  const resolved = resolvePath(host, path);
  const on = mountOf(host, resolved);
  return on ? nfs?.files(on.mount.fileSystemId)?.[on.inside]?.content : host.files[resolved]?.content;
}

export function writeHostFile(host: HostState, nfs: Pick<NfsNetwork, 'files'> | undefined, path: string, content: string, now: number): void {
  const resolved = resolvePath(host, path);
  const on = mountOf(host, resolved);
  const files = on ? nfs?.files(on.mount.fileSystemId) : undefined;
  if (on && !files) throw new Error(`the file system of ${on.point} no longer exists`);
  if (files && on) files[on.inside] = { content, mtime: now };
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
