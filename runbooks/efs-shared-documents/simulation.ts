/**
 * The `efs-shared-documents` runbook's scripts on a simulated host: the
 * postdeploy hook that mounts the file system and links the documents folder
 * to it, and the scripts sent through SSM. The hook's mount succeeds only
 * when the network lets it (see nfs.ts); probes never change the host.
 */
import { defineSimulation, nfs, outcome, simulate, type HostState, type NfsNetwork, type ScriptEnv, type ScriptHandler, type ScriptOutcome } from '../../src/authoring/simulation.js';
import { scripts } from './scripts.js';

const { localFilesUnder, readHostFile, removeLocalTree, resolvePath, writeHostFile } = nfs;

const FSTAB = '/etc/fstab';

function withNetwork(run: (host: HostState, vars: Record<string, string>, env: ScriptEnv & { nfs: NfsNetwork }) => ScriptOutcome): ScriptHandler {
  return (host, vars, env) => (env.nfs ? run(host, vars, { ...env, nfs: env.nfs }) : outcome(127, [], ['sandbox: this script needs the simulated network, which its caller did not give'], 0.5));
}

/** The fstab line for the mount point, replacing any earlier one for it. */
function setFstabLine(host: HostState, mountPoint: string, line: string, now: number): void {
  const kept = (host.files[FSTAB]?.content ?? '').split('\n').filter((l) => l.trim() && l.trim().split(/\s+/)[1] !== mountPoint);
  host.files[FSTAB] = { content: `${[...kept, line].join('\n')}\n`, mtime: now };
}

const mountEfs = withNetwork((host, vars, env) => {
  const { FILE_SYSTEM_ID: fsId = '', REGION: region = '', MOUNT_DIRECTORY: dir = '', DOCUMENTS_DIR: docs = '', MOUNT_OPTIONS: options = '' } = vars;
  const source = `${fsId}.efs.${region}.amazonaws.com:/`;
  const stdout: string[] = [];
  if (host.nfsMounts?.[dir]) stdout.push(`${dir} is already mounted`);
  else {
    const refused = env.nfs.unreachable(source);
    if (refused) return outcome(32, [], [refused], refused.includes('timed out') ? 60 : 2);
    (host.nfsMounts ??= {})[dir] = { fileSystemId: fsId, source };
  }
  setFstabLine(host, dir, `${source} ${dir} nfs4 ${options},_netdev,nofail 0 0`, env.now);
  if (!host.links?.[docs]) {
    // The bundle's documents go to the shared folder once; what is there already wins.
    const shared = env.nfs.files(fsId)!;
    for (const [path, content] of Object.entries(localFilesUnder(host, docs))) shared[path] ??= { content, mtime: env.now };
    removeLocalTree(host, docs);
    (host.links ??= {})[docs] = dir;
  }
  stdout.push(`${source} is mounted at ${dir}; ${docs} links to it`);
  return outcome(0, stdout, [], 3);
});

const documentsMount: ScriptHandler = (host, vars) => {
  const docs = vars.DOCUMENTS_DIR ?? '';
  const real = resolvePath(host, docs);
  const mount = host.nfsMounts?.[real];
  if (!mount) return outcome(1, [`${docs} -> ${real}`, `${real} is not a mountpoint`]);
  const lines = [`${docs} -> ${real}`, `${real} is a mountpoint`, `source: ${mount.source}`];
  if (mount.fileSystemId !== vars.FILE_SYSTEM_ID) return outcome(1, [...lines, `the mount is not ${vars.FILE_SYSTEM_ID}`]);
  return outcome(0, [...lines, 'efs-mounted']);
};

const sharedFileExists = withNetwork((host, vars, env) => {
  const path = `${vars.DOCUMENTS_DIR}/${vars.FILE_NAME}`;
  return readHostFile(host, env.nfs, path) === undefined ? outcome(1, [`${path} does not exist`]) : outcome(0, [`${path} exists`]);
});

const createSharedFile = withNetwork((host, vars, env) => {
  const path = `${vars.DOCUMENTS_DIR}/${vars.FILE_NAME}`;
  writeHostFile(host, env.nfs, path, readHostFile(host, env.nfs, path) ?? '', env.now);
  return outcome(0, [`-rw-r--r--. 1 root root 0 ${new Date(env.now).toUTCString().slice(5, 22)} ${path}`]);
});

export default defineSimulation(
  simulate(scripts.mountEfs, mountEfs),
  simulate(scripts.documentsMount, documentsMount),
  simulate(scripts.sharedFileExists, sharedFileExists),
  simulate(scripts.createSharedFile, createSharedFile),
);
