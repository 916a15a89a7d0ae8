/** CreateTags and DeleteTags on any EC2 resource the sandbox knows, found by its id prefix. */
import type { CreateTagsCommandInput, DeleteTagsCommandInput } from '@aws-sdk/client-ec2';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import type { Tags } from '../../account/state.js';
import { EC2_KINDS, ec2NotFound, kindOfId } from './common.js';

function taggable(ctx: OperationContext, ids: string[] | undefined): { Tags: Tags }[] {
  if (!ids?.length) throw awsError('MissingParameter', 'The request must contain the parameter resourceIdSet');
  return ids.map((id) => {
    const kind = kindOfId(id);
    if (!kind) throw awsError('InvalidID', `The ID '${id}' is not valid`);
    const resource = EC2_KINDS[kind].collection(ctx.region)[id];
    if (!resource) throw ec2NotFound(kind, [id]);
    return resource;
  });
}

export const tags: ServiceHandlers = {
  CreateTags: (ctx) => {
    const input = inputOf<CreateTagsCommandInput>(ctx);
    const resources = taggable(ctx, input.Resources);
    for (const r of resources) for (const t of input.Tags ?? []) if (t.Key !== undefined) r.Tags[t.Key] = t.Value ?? '';
    return {};
  },

  DeleteTags: (ctx) => {
    const input = inputOf<DeleteTagsCommandInput>(ctx);
    const resources = taggable(ctx, input.Resources);
    for (const r of resources)
      for (const t of input.Tags ?? []) if (t.Key !== undefined && (t.Value === undefined || r.Tags[t.Key] === t.Value)) delete r.Tags[t.Key];
    return {};
  },
};
