/** RDS deletions as `runbook destroy` sends them: DeleteDBSnapshot of an identifier that names no snapshot. */
import { DeleteDBSnapshotCommand } from '../../../src/aws/sdk/rds.js';
import type { Scenario } from '../harness.js';

export const rdsDeletions: Scenario[] = [
  {
    name: 'DeleteDBSnapshot of a snapshot that is not there, as a second destroy sends it',
    operations: ['rds:DeleteDBSnapshot'],
    async run(t) {
      t.observe('an unknown snapshot', await t.outcome(t.aws.rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: t.unique('contract-gone-snapshot') }))));
    },
  },
];
