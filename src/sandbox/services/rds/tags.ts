/** RDS tags by resource ARN: DB instances (db:), DB subnet groups (subgrp:) and DB snapshots (snapshot:). */
import type { ListTagsForResourceCommandInput } from '@aws-sdk/client-rds';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';

const RDS_ARN = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):(\d{12}):(db|subgrp|snapshot):(.+)$/;

export const rdsTags: ServiceHandlers = {
  ListTagsForResource: (ctx) => {
    const arn = inputOf<ListTagsForResourceCommandInput>(ctx).ResourceName ?? '';
    const m = RDS_ARN.exec(arn);
    if (!m || m[1] !== ctx.regionName || m[2] !== ctx.account.accountId) throw awsError('InvalidParameterValue', `Invalid resource name: ${arn}`);
    const id = m[4]!.toLowerCase();
    const collection = m[3] === 'db' ? ctx.region.dbInstances : m[3] === 'subgrp' ? ctx.region.dbSubnetGroups : ctx.region.dbSnapshots;
    const found = collection?.[id];
    if (!found) throw awsError(m[3] === 'db' ? 'DBInstanceNotFoundFault' : m[3] === 'subgrp' ? 'DBSubnetGroupNotFoundFault' : 'DBSnapshotNotFoundFault', `${id} not found.`, 404);
    return { TagList: Object.entries(found.Tags).map(([Key, Value]) => ({ Key, Value })) };
  },
};
