/**
 * Parameter Store: the public parameters the account is seeded with (images),
 * and the SecureStrings a run puts for a host to read and deletes after. A
 * SecureString is returned decrypted only with WithDecryption, as on AWS.
 */
import type { DeleteParameterCommandInput, GetParameterCommandInput, PutParameterCommandInput } from '@aws-sdk/client-ssm';
import type { RegionState } from '../../account/state.js';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';

const NAME = /^\/?[a-zA-Z0-9_.\-/]{1,2048}$/;

/** What a host reading `aws ssm get-parameter --with-decryption` gets: the value, or nothing. */
export function parameterValue(region: RegionState, name: string): string | undefined {
  return region.parameters[name]?.Value;
}

export const parameters: ServiceHandlers = {
  GetParameter: (ctx) => {
    const input = inputOf<GetParameterCommandInput>(ctx);
    const name = input.Name ?? '';
    const p = ctx.region.parameters[name];
    if (!p || !ctx.visible(p.lastModified)) throw awsError('ParameterNotFound', `Parameter ${name} not found.`);
    const arn = name.startsWith('/aws/') ? `arn:aws:ssm:${ctx.regionName}::parameter${name}` : `arn:aws:ssm:${ctx.regionName}:${ctx.account.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
    // Without decryption a SecureString answers its ciphertext, never the value.
    const value = p.Type === 'SecureString' && !input.WithDecryption ? Buffer.from(`sandbox-kms:${p.Name}:${p.Version}`).toString('base64') : p.Value;
    return { Parameter: { Name: p.Name, Type: p.Type, Value: value, Version: p.Version, LastModifiedDate: new Date(p.lastModified), ARN: arn, DataType: p.DataType } };
  },

  PutParameter: (ctx) => {
    const input = inputOf<PutParameterCommandInput>(ctx);
    const name = input.Name ?? '';
    if (!NAME.test(name) || name.startsWith('/aws/') || name.startsWith('aws')) throw awsError('ValidationException', `Parameter name ${name} is not valid.`);
    if (input.Value === undefined || input.Value === '') throw awsError('ValidationException', 'Parameter value must not be empty.');
    if (input.Tags?.length && input.Overwrite) throw awsError('ValidationException', 'Invalid request: tags and overwrite can\'t be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.');
    const existing = ctx.region.parameters[name];
    if (existing && !input.Overwrite) throw awsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    const version = (existing?.Version ?? 0) + 1;
    ctx.region.parameters[name] = { Name: name, Type: input.Type ?? existing?.Type ?? 'String', Value: input.Value, DataType: 'text', Version: version, lastModified: ctx.now };
    return { Version: version, Tier: 'Standard' };
  },

  DeleteParameter: (ctx) => {
    const name = inputOf<DeleteParameterCommandInput>(ctx).Name ?? '';
    if (!ctx.region.parameters[name]) throw awsError('ParameterNotFound', `Parameter ${name} not found.`);
    delete ctx.region.parameters[name];
    return {};
  },
};
