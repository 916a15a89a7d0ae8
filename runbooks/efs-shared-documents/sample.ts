/**
 * The sample application (source steps 23-27) as files: the page, the
 * document, the option settings and the hook that mounts the file system.
 * `.ebextensions` and `.platform` sit at the bundle's root, where Elastic
 * Beanstalk reads them; the page and its documents under `sample/`, so the
 * addresses of steps 34-35 hold.
 */
import { template, type files, type Resolvable } from '../../src/authoring/index.js';
import { scripts } from './scripts.js';
import { testPng } from './test-png.js';

/** Where Elastic Beanstalk's PHP platforms put the application; the web server's document root. */
export const APP_ROOT = '/var/app/current';
/** The documents folder as the load balancer serves it. */
export const DOCUMENTS_URL_PATH = '/sample/documents';
/** The same folder on the instances. */
export const DOCUMENTS_DIR = `${APP_ROOT}${DOCUMENTS_URL_PATH}`;
/** Where the file system is mounted: outside the application folder, so a deployment leaves the mount alone. */
export const MOUNT_DIRECTORY = '/mnt/efs-documents';
/** AWS's recommended NFS options for EFS. */
export const MOUNT_OPTIONS = 'nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport';
/** Current platforms run these after an application deployment, and (confighooks) after a configuration one. */
export const HOOKS = ['.platform/hooks/postdeploy/01-mount-efs.sh', '.platform/confighooks/postdeploy/01-mount-efs.sh'];

export interface FileSystemRefs {
  fileSystemId: Resolvable<string>;
  region: Resolvable<string>;
}

/** The files of the bundle and the values of its templates. */
export function sampleBundle(dir: string, fs: FileSystemRefs): { files: Record<string, Resolvable<files.FolderFile>>; vars: Resolvable<Record<string, string>> } {
  const hook = scripts.mountEfs.with({ FILE_SYSTEM_ID: fs.fileSystemId, REGION: fs.region, MOUNT_DIRECTORY, DOCUMENTS_DIR, MOUNT_OPTIONS });
  return {
    files: {
      'sample/index.php': { template: template(dir, 'sample/index.php') },
      [`${DOCUMENTS_URL_PATH.slice(1)}/Test.png`]: { base64: Buffer.from(testPng()).toString('base64') },
      '.ebextensions/storage-efs-mountfilesystem.config': { template: template(dir, 'storage-efs-mountfilesystem.config') },
      ...Object.fromEntries(HOOKS.map((path) => [path, { script: hook }])),
    },
    vars: { FILE_SYSTEM_ID: fs.fileSystemId, REGION: fs.region, MOUNT_DIRECTORY, DOCUMENTS_DIR },
  };
}
