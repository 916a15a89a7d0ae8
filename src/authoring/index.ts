/**
 * The authoring API: `import { defineRunbook, param, ec2, ssm, manual } from 'runbook'`.
 * Everything a runbook is written with, and nothing else: the shipped
 * runbooks import only from here, so what they can do, a team's own can too.
 * See docs/authoring.md.
 */
export { defineRunbook, type Decision, type Rehearsal, type RunbookDefinition, type SourceProcedure, type StepCounts } from '../engine/model/runbook.js';
export { defineStepKind, type AnyStep, type CheckResult, type Condition, type Evidence, type OutputCondition, type Step, type StepContext, type StepKind, type StepKindSpec, type StepMeta } from '../engine/model/step.js';
export { isPrivateCidr, networkOf, param, type ParamSpec } from '../engine/model/params.js';
export { derived, firstOf, type Ref, type Resolvable } from '../engine/model/refs.js';
export { hostScript, hostScripts, type HostScript, type ScriptDeclaration } from '../engine/model/scripts.js';
export { runbookDir, template } from '../engine/model/paths.js';
export type { PlannedCall } from '../core/calls.js';
export type { ShellScript } from '../aws/shell.js';
/** Tag keys on everything a run creates: which runbook, which run, which step. */
export { TAG_RUN, TAG_RUNBOOK, TAG_STEP } from '../aws/tags.js';

// The step kinds, one namespace per service: `ec2.instance(...)`, `ssm.script(...)`.
export * as acm from '../steps/acm/index.js';
export * as autoscaling from '../steps/autoscaling/index.js';
export * as checks from '../steps/checks/index.js';
export * as cloudformation from '../steps/cloudformation/index.js';
export * as eb from '../steps/eb/index.js';
export * as ec2 from '../steps/ec2/index.js';
export * as elb from '../steps/elb/index.js';
export * as efs from '../steps/efs/index.js';
export * as elbv2 from '../steps/elbv2/index.js';
export * as files from '../steps/files/index.js';
export * as http from '../steps/http/index.js';
export * as iam from '../steps/iam/index.js';
export * as kms from '../steps/kms/index.js';
export * as rds from '../steps/rds/index.js';
export * as route53 from '../steps/route53/index.js';
export * as s3 from '../steps/s3/index.js';
export * as secretsmanager from '../steps/secretsmanager/index.js';
export * as ssm from '../steps/ssm/index.js';
export { manual } from '../steps/manual/index.js';
