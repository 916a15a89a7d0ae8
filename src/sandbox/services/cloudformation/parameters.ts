/**
 * CreateStack's parameters checked against the template, with
 * CloudFormation's messages: undeclared ones, ones without a value, and the
 * constraints a template declares. `AWS::EC2::KeyPair::KeyName` must name a
 * key pair of the region (AWS-specific parameter types are checked).
 */
import type { Parameter } from '@aws-sdk/client-cloudformation';
import type { ParsedTemplate, TemplateParameter } from '../../../aws/cloudformation-template.js';
import type { OperationContext } from '../lib/context.js';
import { awsError } from '../lib/errors.js';

const validation = (message: string) => awsError('ValidationError', message);

function checkValue(ctx: OperationContext, name: string, p: TemplateParameter, value: string): void {
  if (p.AllowedValues && !p.AllowedValues.includes(value)) throw validation(`Parameter '${name}' must be one of AllowedValues`);
  if (p.AllowedPattern && !new RegExp(`^(?:${p.AllowedPattern})$`).test(value)) throw validation(`Parameter '${name}' must match pattern ${p.AllowedPattern}`);
  if (p.MinLength !== undefined && value.length < p.MinLength) throw validation(`Parameter '${name}' must contain at least ${p.MinLength} characters`);
  if (p.MaxLength !== undefined && value.length > p.MaxLength) throw validation(`Parameter '${name}' must contain at most ${p.MaxLength} characters`);
  if (p.Type === 'Number') {
    const n = Number(value);
    if (value.trim() === '' || Number.isNaN(n)) throw validation(`Parameter '${name}' must be a number`);
    if (p.MinValue !== undefined && n < p.MinValue) throw validation(`Parameter '${name}' must be a number not less than ${p.MinValue}`);
    if (p.MaxValue !== undefined && n > p.MaxValue) throw validation(`Parameter '${name}' must be a number not greater than ${p.MaxValue}`);
  }
  if (p.Type === 'AWS::EC2::KeyPair::KeyName' && !ctx.region.keyPairs[value])
    throw validation(`Parameter validation failed: parameter value ${value} for parameter name ${name} does not exist. Rollback requested by user.`);
}

/** The value of every declared parameter: given, else its Default. */
export function checkParameters(ctx: OperationContext, template: ParsedTemplate, given: Parameter[]): Record<string, string> {
  const undeclared = given.map((p) => p.ParameterKey ?? '').filter((k) => !template.parameters[k]);
  if (undeclared.length) throw validation(`Parameters: [${undeclared.join(', ')}] do not exist in the template`);
  const values: Record<string, string> = {};
  for (const p of given) {
    if (p.UsePreviousValue) throw validation(`UsePreviousValue is not allowed for parameter ${p.ParameterKey} on a new stack`);
    values[p.ParameterKey!] = p.ParameterValue ?? '';
  }
  const missing: string[] = [];
  for (const [name, p] of Object.entries(template.parameters)) {
    if (!(name in values)) {
      if (p.Default === undefined) missing.push(name);
      else values[name] = p.Default;
    }
  }
  if (missing.length) throw validation(`Parameters: [${missing.join(', ')}] must have values`);
  for (const [name, value] of Object.entries(values)) checkValue(ctx, name, template.parameters[name]!, value);
  return values;
}
