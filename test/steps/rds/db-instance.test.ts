import { CreateDBInstanceCommand, DescribeDBInstancesCommand } from '../../../src/aws/sdk/rds.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { dbInstanceKind, type DbInstanceInput } from '../../../src/steps/rds/db-instance.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1234-AbCdEf';
const input: DbInstanceInput = {
  identifier: 'aquamark',
  engine: 'postgres',
  engineVersion: '16.4',
  instanceClass: 'db.t4g.medium',
  allocatedStorageGiB: 100,
  subnetGroupName: 'aquamark',
  securityGroupIds: ['sg-db'],
  backupRetentionDays: 7,
  masterUsername: 'postgres',
};
const db = (status: string, extra: object = {}) => ({
  DBInstanceIdentifier: 'aquamark',
  DBInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:aquamark',
  DBInstanceStatus: status,
  Engine: 'postgres',
  EngineVersion: '16.4',
  StorageEncrypted: true,
  PubliclyAccessible: false,
  BackupRetentionPeriod: 7,
  MasterUserSecret: { SecretArn: SECRET, SecretStatus: 'active' },
  Endpoint: { Address: 'aquamark.abc.us-east-1.rds.amazonaws.com', Port: 5432 },
  ...extra,
});
const notFound = awsError('DBInstanceNotFound', 'DBInstance aquamark not found.', 404);

describe('rds.dbInstance', () => {
  beforeEach(resetMocks);

  it('is done when the database is available, private, encrypted, with its managed secret', async () => {
    mocks.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [db('available')] });
    const result = await dbInstanceKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true, outputs: { endpoint: 'aquamark.abc.us-east-1.rds.amazonaws.com', port: 5432, masterSecretArn: SECRET } });
    expect(mocks.rds).not.toHaveReceivedCommand(CreateDBInstanceCommand);
  });

  it('creates it with RDS managing the password (none sent), then waits until available', async () => {
    mocks.rds.on(DescribeDBInstancesCommand).rejectsOnce(notFound).resolvesOnce({ DBInstances: [db('creating', { Endpoint: undefined })] }).resolves({ DBInstances: [db('available')] });
    mocks.rds.on(CreateDBInstanceCommand).resolves({ DBInstance: db('creating') });
    const ctx = stepContext();
    const found = await dbInstanceKind.check(ctx, input);
    if (found.done) throw new Error('expected not done');
    expect(await dbInstanceKind.apply!(ctx, input, found.found)).toMatchObject({ masterSecretArn: SECRET });
    expect(mocks.rds).toHaveReceivedCommandWith(CreateDBInstanceCommand, {
      DBInstanceIdentifier: 'aquamark',
      ManageMasterUserPassword: true,
      StorageEncrypted: true,
      PubliclyAccessible: false,
      BackupRetentionPeriod: 7,
      VpcSecurityGroupIds: ['sg-db'],
      Tags: ctx.tags('aquamark'),
    });
    expect(mocks.rds.commandCalls(CreateDBInstanceCommand)[0]!.args[0].input).not.toHaveProperty('MasterUserPassword');
    expect(ctx.progressLines.some((l) => l.includes('creating'))).toBe(true);
  });

  it('refuses a public database, and lets a create error through by name', async () => {
    mocks.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [db('available', { PubliclyAccessible: true })] });
    await expect(dbInstanceKind.check(stepContext(), input)).rejects.toThrow(/publicly accessible: this runbook does not use it/);
    mocks.rds.on(CreateDBInstanceCommand).rejects(awsError('StorageQuotaExceeded', 'quota'));
    await expect(dbInstanceKind.apply!(stepContext(), input, { exists: false })).rejects.toMatchObject({ name: 'StorageQuotaExceeded' });
  });

});
