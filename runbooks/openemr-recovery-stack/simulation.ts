/**
 * What `openemr-recovery-stack` meets in the sandbox: the NFS Backup
 * instance's backup script (duplicity uploads new archives under Backup/),
 * and the OpenEMR login page a recovered stack serves.
 */
import { defineSimulation, outcome, simulate, simulateWeb, type ScriptHandler } from '../../src/authoring/simulation.js';
import { scripts } from './scripts.js';

const BACKUP_SCRIPTS = ['/root/backup.sh', '/etc/cron.daily/backup'];

/** `20261202T061500Z`, as duplicity names its archives. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

const efsBackup: ScriptHandler = (host, vars, env) => {
  const script = BACKUP_SCRIPTS.find((p) => host.files[p]);
  if (!script) return outcome(2, [], ['Neither /root/backup.sh nor /etc/cron.daily/backup is on this instance: is it the NFS Backup instance?']);
  const bucket = vars.BUCKET ?? '';
  const at = stamp(env.now);
  const names = [`duplicity-inc.${at}.to.${at}.vol1.difftar.gz`, `duplicity-inc.${at}.to.${at}.manifest.gz`, `duplicity-new-signatures.${at}.to.${at}.sigtar.gz`];
  const stored = names.every((n) => env.objects?.put(bucket, `Backup/${n}`, `[sandbox] duplicity archive of /mnt/efs at ${at}`) === true);
  if (!stored) return outcome(1, [`Running ${script}: /mnt/efs to s3://${bucket}/Backup`], [`BackendException: Error uploading s3://${bucket}/Backup/${names[0]}: NoSuchBucket`], 20);
  return outcome(0, [`Running ${script}: /mnt/efs to s3://${bucket}/Backup`, '--------------[ Backup Statistics ]--------------', `StartTime ${new Date(env.now).toUTCString()}`, 'Errors 0'], [], 90);
};

const LOGIN_PAGE = [
  '<!DOCTYPE html>',
  '<html><head><title>OpenEMR Login</title></head>',
  '<body><form method="POST" action="../main/main_screen.php?auth=login&site=default">',
  '<input name="authUser"><input name="clearPass" type="password"><button type="submit">Login</button>',
  '</form><p>[sandbox] simulated OpenEMR, restored from {{SNAPSHOT}}</p></body></html>',
].join('\n');

export default defineSimulation(
  simulate(scripts.efsBackup, efsBackup),
  simulateWeb((request) => {
    if (!request.path.endsWith('/interface/login/login.php')) return undefined;
    const snapshot = request.app.parameters.RecoveryRDSSnapshotARN;
    if (!snapshot) return { status: 500, headers: { 'content-type': 'text/html', 'x-sandbox': 'simulated' }, body: 'OpenEMR has no database to restore.' };
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'x-sandbox': 'simulated' }, body: LOGIN_PAGE.replace('{{SNAPSHOT}}', snapshot) };
  }),
);
