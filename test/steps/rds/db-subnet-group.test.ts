import { CreateDBSubnetGroupCommand, DeleteDBSubnetGroupCommand, DescribeDBSubnetGroupsCommand, ListTagsForResourceCommand } from '../../../src/aws/sdk/rds.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { dbSubnetGroupKind, type DbSubnetGroupInput } from '../../../src/steps/rds/db-subnet-group.js';
import { dbSubnetGroupUndo } from '../../../src/steps/rds/db-subnet-group-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input: DbSubnetGroupInput = { name: 'aquamark', description: 'Aquamark database', subnetIds: ['subnet-a', 'subnet-b'] };
const group = { DBSubnetGroupName: 'aquamark', VpcId: 'vpc-1', DBSubnetGroupArn: 'arn:aws:rds:us-east-1:123456789012:subgrp:aquamark', Subnets: [{ SubnetIdentifier: 'subnet-b' }, { SubnetIdentifier: 'subnet-a' }] };
const notFound = awsError('DBSubnetGroupNotFoundFault', 'DBSubnetGroup aquamark not found.', 404);

describe('rds.dbSubnetGroup', () => {
  beforeEach(resetMocks);

  it('is done when the group has these subnets', async () => {
    mocks.rds.on(DescribeDBSubnetGroupsCommand).resolves({ DBSubnetGroups: [group] });
    expect(await dbSubnetGroupKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { name: 'aquamark', vpcId: 'vpc-1' } });
    expect(mocks.rds).not.toHaveReceivedCommand(CreateDBSubnetGroupCommand);
  });

  it('creates it with the run\'s tags, and refuses one with other subnets', async () => {
    mocks.rds.on(DescribeDBSubnetGroupsCommand).rejects(notFound);
    mocks.rds.on(CreateDBSubnetGroupCommand).resolves({ DBSubnetGroup: group });
    const ctx = stepContext();
    expect(await dbSubnetGroupKind.check(ctx, input)).toMatchObject({ done: false });
    expect(await dbSubnetGroupKind.apply!(ctx, input, undefined)).toEqual({ name: 'aquamark', vpcId: 'vpc-1' });
    expect(mocks.rds).toHaveReceivedCommandWith(CreateDBSubnetGroupCommand, { DBSubnetGroupName: 'aquamark', SubnetIds: ['subnet-a', 'subnet-b'], Tags: ctx.tags('aquamark') });
    mocks.rds.on(DescribeDBSubnetGroupsCommand).resolves({ DBSubnetGroups: [{ ...group, Subnets: [{ SubnetIdentifier: 'subnet-c' }] }] });
    await expect(dbSubnetGroupKind.check(ctx, input)).rejects.toThrow(/exists with subnets subnet-c, not subnet-a, subnet-b/);
  });

  it('finds a group a crashed run made, and lets other errors through by name', async () => {
    mocks.rds.on(CreateDBSubnetGroupCommand).rejectsOnce(awsError('DBSubnetGroupAlreadyExists', 'exists'));
    mocks.rds.on(DescribeDBSubnetGroupsCommand).resolves({ DBSubnetGroups: [group] });
    expect(await dbSubnetGroupKind.apply!(stepContext(), input, undefined)).toEqual({ name: 'aquamark', vpcId: 'vpc-1' });
    mocks.rds.on(CreateDBSubnetGroupCommand).rejects(awsError('DBSubnetGroupDoesNotCoverEnoughAZs', 'one AZ'));
    await expect(dbSubnetGroupKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'DBSubnetGroupDoesNotCoverEnoughAZs' });
  });

  it('undo: removes the run\'s group, keeps another\'s', async () => {
    const ctx = stepContext();
    mocks.rds.on(DescribeDBSubnetGroupsCommand).resolves({ DBSubnetGroups: [group] });
    mocks.rds.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'runbook:run-id', Value: ctx.runId }] });
    const [made] = await dbSubnetGroupUndo.find(ctx, { input, outputs: {}, status: 'changed' });
    expect(made).toMatchObject({ type: 'rds:db-subnet-group', id: 'aquamark', madeByRun: true });
    await dbSubnetGroupUndo.remove(ctx, made!, { snapshotFirst: false });
    expect(mocks.rds).toHaveReceivedCommandWith(DeleteDBSubnetGroupCommand, { DBSubnetGroupName: 'aquamark' });
    mocks.rds.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    expect((await dbSubnetGroupUndo.find(ctx, { input, outputs: {}, status: 'ok' }))[0]).toMatchObject({ madeByRun: false });
  });
});
