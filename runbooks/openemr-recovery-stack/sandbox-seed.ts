/**
 * What a sandbox account holds before this runbook first runs in it: the
 * backups an OpenEMR stack in us-east-1 has been taking (the source's
 * example ids), as a production account would have them. No run of this
 * runbook makes them, and their ages matter (the checks measure them), so
 * they are seeded rather than made by a run before this one.
 */
import { defineAccountSeed } from '../../src/authoring/simulation.js';

const REGION = 'us-east-1';
export const SOURCE_KEY_ID = '6fc10c90-d550-4fd5-bb5c-c2416e31839a';
/** A key of eu-west-1, for a rehearsal of a restore in another region. */
export const EU_KEY_ID = 'b7e6c1a2-3d4f-4e5a-9b8c-0d1e2f3a4b5c';
export const BACKUP_BUCKET = 'openemr-c49525c0-82e5-11e7-bcf4-50faeaa96461';
const keyArn = (region: string, id: string) => `arn:aws:kms:${region}:123456789012:key/${id}`;

const BACKUP_SCRIPT = '#!/bin/bash\nS3=openemr-c49525c0-82e5-11e7-bcf4-50faeaa96461\nduplicity --full-if-older-than 1M /mnt/efs s3://s3.amazonaws.com/$S3/Backup\n';

/** A month of nightly duplicity runs, 34 archives each: over a thousand keys, so listing them takes two pages. */
function backupArchives(): { key: string; ageHours: number; size: number }[] {
  const archives: { key: string; ageHours: number; size: number }[] = [{ key: 'Backup/passphrase.txt', ageHours: 24 * 60, size: 45 }];
  for (let day = 30; day >= 0; day--)
    for (let vol = 1; vol <= 34; vol++) {
      const ageHours = 6 + day * 24;
      const d = new Date(Date.now() - ageHours * 3_600_000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      archives.push({ key: `Backup/duplicity-inc.${d}.to.${d}.vol${vol}.difftar.gz`, ageHours, size: 26_214_400 });
    }
  return archives;
}

export default defineAccountSeed({
  kmsKeys: [
    { region: REGION, keyId: SOURCE_KEY_ID, description: 'OpenEMR stack key' },
    { region: 'eu-west-1', keyId: EU_KEY_ID, description: 'OpenEMR recovery key (eu-west-1)' },
  ],
  volumes: [
    { region: REGION, volumeId: 'vol-0c0ffee00000000a1', sizeGiB: 500, tags: { Name: 'Patient Documents' }, encrypted: true, kmsKeyId: keyArn(REGION, SOURCE_KEY_ID) },
    { region: REGION, volumeId: 'vol-0c0ffee00000000b2', sizeGiB: 500, tags: { Name: 'Patient Documents (replica)' }, encrypted: true, kmsKeyId: keyArn(REGION, SOURCE_KEY_ID) },
  ],
  ebsSnapshots: [
    { region: REGION, snapshotId: 'snap-0ebb4f155ff27040c', volumeId: 'vol-0c0ffee00000000a1', sizeGiB: 500, ageHours: 5, description: 'OpenEMR document backup', encrypted: true, kmsKeyId: keyArn(REGION, SOURCE_KEY_ID) },
  ],
  dbSnapshots: [
    { region: REGION, identifier: 'openemr063-backup', instanceIdentifier: 'openemr063', engine: 'mysql', engineVersion: '8.0.39', allocatedStorage: 10, ageHours: 4, encrypted: true, kmsKeyId: keyArn(REGION, SOURCE_KEY_ID) },
  ],
  buckets: [
    { name: BACKUP_BUCKET, region: REGION, objects: backupArchives() },
    { name: 'openemr-cfn-useast1', region: REGION, objects: [{ key: 'openemr.zip', ageHours: 24 * 200, size: 48_000_000 }, { key: 'openemr-custom.zip', ageHours: 24 * 3, size: 48_100_000 }] },
  ],
  keyPairs: [
    { region: REGION, name: 'openemr-recovery' },
    { region: 'eu-west-1', name: 'openemr-recovery' },
  ],
  instances: [{ region: REGION, name: 'NFS Backup Agent', os: 'ubuntu', files: { '/root/backup.sh': BACKUP_SCRIPT, '/etc/cron.daily/backup': BACKUP_SCRIPT } }],
});
