/**
 * `elbv2.targetGroup`: an instance target group with this name, protocol,
 * port and health check. CreateTargetGroup is idempotent by name with the
 * same settings; a group with the name and other settings is changed
 * (ModifyTargetGroup) to the health check asked for, never replaced.
 */
import { CreateTargetGroupCommand, ModifyTargetGroupCommand, type TargetGroup } from '../../aws/sdk/elbv2.js';
import { type StepKind } from '../../engine/model/step.js';
import { plannedTags } from '../../aws/tags.js';
import { findTargetGroup } from './find.js';

export interface TargetGroupInput {
  name: string;
  vpcId: string;
  protocol: 'HTTP';
  port: number;
  healthCheckPath: string;
  /** The answer a healthy target gives (default 200). */
  healthyHttpCodes?: string;
}

export interface TargetGroupOutputs {
  targetGroupArn: string;
  name: string;
}

interface Found {
  targetGroupArn: string;
  /** What differs, in words. */
  drift: string[];
}

export class TargetGroupError extends Error {
  override name = 'TargetGroupMismatch';
}

const HEALTH = { HealthCheckProtocol: 'HTTP' as const, HealthCheckPort: 'traffic-port', HealthCheckIntervalSeconds: 15, HealthyThresholdCount: 3, UnhealthyThresholdCount: 3 };

function healthCheck(input: TargetGroupInput) {
  return { ...HEALTH, HealthCheckPath: input.healthCheckPath, Matcher: { HttpCode: input.healthyHttpCodes ?? '200' } };
}

function createInput(input: TargetGroupInput, tags: { Key: string; Value: string }[]) {
  return { Name: input.name, Protocol: input.protocol, Port: input.port, VpcId: input.vpcId, TargetType: 'instance' as const, ...healthCheck(input), Tags: tags };
}

function driftOf(tg: TargetGroup, input: TargetGroupInput): string[] {
  const want = healthCheck(input);
  return [
    tg.HealthCheckPath !== want.HealthCheckPath && `health check path ${tg.HealthCheckPath}, not ${want.HealthCheckPath}`,
    tg.Matcher?.HttpCode !== want.Matcher.HttpCode && `healthy codes ${tg.Matcher?.HttpCode}, not ${want.Matcher.HttpCode}`,
    tg.HealthCheckIntervalSeconds !== want.HealthCheckIntervalSeconds && `interval ${tg.HealthCheckIntervalSeconds}s`,
    tg.HealthyThresholdCount !== want.HealthyThresholdCount && `healthy threshold ${tg.HealthyThresholdCount}`,
  ].filter((d): d is string => Boolean(d));
}

const kind: StepKind<TargetGroupInput, TargetGroupOutputs, Found> = {
  async check(ctx, input) {
    const tg = await findTargetGroup(ctx, input.name);
    if (!tg) return { done: false, reason: `No target group ${input.name} yet.` };
    if (tg.VpcId !== input.vpcId || tg.Protocol !== input.protocol || tg.Port !== input.port)
      throw new TargetGroupError(`Target group ${input.name} exists for ${tg.Protocol} ${tg.Port} in ${tg.VpcId}, not ${input.protocol} ${input.port} in ${input.vpcId}: choose another name.`);
    const drift = driftOf(tg, input);
    if (drift.length) return { done: false, reason: `Target group ${input.name} has ${drift.join(', ')}.`, found: { targetGroupArn: tg.TargetGroupArn!, drift } };
    return { done: true, outputs: { targetGroupArn: tg.TargetGroupArn!, name: input.name }, evidence: [`${input.name}: ${tg.Protocol} ${tg.Port}, health check ${tg.HealthCheckPath} (${tg.Matcher?.HttpCode})`] };
  },
  plan: (input, found, ctx) =>
    found
      ? [{ service: 'elasticloadbalancing', operation: 'ModifyTargetGroup', input: { TargetGroupArn: found.targetGroupArn, ...healthCheck(input) }, note: found.drift.join('; ') }]
      : [{ service: 'elasticloadbalancing', operation: 'CreateTargetGroup', input: createInput(input, plannedTags(ctx, input.name)) }],
  async apply(ctx, input, found) {
    if (found) {
      await ctx.aws.elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: found.targetGroupArn, ...healthCheck(input) }));
      return { targetGroupArn: found.targetGroupArn, name: input.name };
    }
    const made = await ctx.aws.elbv2.send(new CreateTargetGroupCommand(createInput(input, ctx.tags(input.name))));
    return { targetGroupArn: made.TargetGroups?.[0]?.TargetGroupArn ?? '', name: input.name };
  },
};

export { kind as targetGroupKind };
