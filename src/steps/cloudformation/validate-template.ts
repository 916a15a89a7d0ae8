/**
 * `cloudformation.validateTemplate`: CloudFormation's own check of the
 * template (ValidateTemplate), inline or by URL, in the region the stack is
 * made in. Read-only. A refusal is the step's failure, in CloudFormation's
 * words; the capabilities it names are what CreateStack acknowledges.
 */
import { ValidateTemplateCommand } from '../../aws/sdk/cloudformation.js';
import { hasErrorName } from '../../aws/errors.js';
import { type StepKind } from '../../engine/model/step.js';
import { templateBody } from './template-upload.js';

export interface ValidateTemplateInput {
  path: string;
  sha256: string;
  /** '' or absent: the body is sent inline. */
  templateUrl?: string;
  /** Parameters CloudFormation must report the template declares. */
  mustDeclare: string[];
}

export interface ValidateTemplateOutputs {
  capabilities: string[];
  parameters: string[];
}

const kind: StepKind<ValidateTemplateInput, ValidateTemplateOutputs> = {
  async check(ctx, input) {
    const source = input.templateUrl ? { TemplateURL: input.templateUrl } : { TemplateBody: templateBody(input.path, input.sha256) };
    try {
      const res = await ctx.aws.cloudformation.send(new ValidateTemplateCommand(source));
      const parameters = (res.Parameters ?? []).map((p) => p.ParameterKey ?? '');
      const missing = input.mustDeclare.filter((p) => !parameters.includes(p));
      if (parameters.length && missing.length) return { done: false, reason: `CloudFormation reads no ${missing.join(', ')} in ${input.path}.` };
      const capabilities = (res.Capabilities ?? []) as string[];
      const evidence = [
        `CloudFormation in ${ctx.aws.region} accepts ${input.templateUrl || input.path}: ${parameters.length} parameters${capabilities.length ? `; needs ${capabilities.join(', ')} (${res.CapabilitiesReason})` : ''}`,
      ];
      return { done: true, outputs: { capabilities, parameters }, evidence };
    } catch (err) {
      if (hasErrorName(err, 'ValidationError')) return { done: false, reason: `CloudFormation refuses ${input.path}: ${(err as Error).message}` };
      throw err;
    }
  },
  plan: () => [],
};

export { kind as validateTemplateKind };
