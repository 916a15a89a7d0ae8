/**
 * Target groups of instances, with their health checks; a second
 * CreateTargetGroup with the same name and settings answers the first, with
 * other settings DuplicateTargetGroupName. One a listener sends to cannot be
 * deleted (ResourceInUse).
 */
import type {
  CreateTargetGroupCommandInput,
  DeleteTargetGroupCommandInput,
  DescribeTargetGroupsCommandInput,
  DescribeTargetGroupAttributesCommandInput,
  DescribeTargetHealthCommandInput,
  ModifyTargetGroupAttributesCommandInput,
  ModifyTargetGroupCommandInput,
  TargetGroup as TargetGroupView,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TargetGroup } from '../../account/state.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsFrom } from '../lib/filters.js';
import { ELB_NAME, elbArn, loadBalancerOf, targetGroupOf } from './arns.js';
import { deregistrationDelay, drained, inUse, targetHealth } from './target-health.js';

function view(ctx: OperationContext, tg: TargetGroup): TargetGroupView {
  const lbs = Object.values(ctx.region.listeners ?? {}).filter((l) => l.TargetGroupArn === tg.TargetGroupArn).map((l) => l.LoadBalancerArn);
  return {
    TargetGroupArn: tg.TargetGroupArn,
    TargetGroupName: tg.TargetGroupName,
    Protocol: tg.Protocol as TargetGroupView['Protocol'],
    Port: tg.Port,
    VpcId: tg.VpcId,
    HealthCheckProtocol: tg.HealthCheckProtocol as TargetGroupView['HealthCheckProtocol'],
    HealthCheckPort: tg.HealthCheckPort,
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: tg.HealthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: tg.HealthyThresholdCount,
    UnhealthyThresholdCount: tg.UnhealthyThresholdCount,
    HealthCheckPath: tg.HealthCheckPath,
    Matcher: { HttpCode: tg.Matcher },
    LoadBalancerArns: [...new Set(lbs)],
    TargetType: 'instance',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}

const DEREGISTRATION_DELAY = 'deregistration_delay.timeout_seconds';

function attributesOf(tg: TargetGroup) {
  return [
    { Key: DEREGISTRATION_DELAY, Value: String(deregistrationDelay(tg)) },
    { Key: 'stickiness.enabled', Value: 'false' },
    { Key: 'load_balancing.algorithm.type', Value: 'round_robin' },
  ];
}

function settingsOf(input: CreateTargetGroupCommandInput) {
  return {
    Protocol: input.Protocol ?? 'HTTP',
    Port: input.Port ?? 80,
    VpcId: input.VpcId ?? '',
    HealthCheckProtocol: input.HealthCheckProtocol ?? input.Protocol ?? 'HTTP',
    HealthCheckPort: input.HealthCheckPort ?? 'traffic-port',
    HealthCheckPath: input.HealthCheckPath ?? '/',
    HealthCheckIntervalSeconds: input.HealthCheckIntervalSeconds ?? 30,
    HealthyThresholdCount: input.HealthyThresholdCount ?? 5,
    UnhealthyThresholdCount: input.UnhealthyThresholdCount ?? 2,
    Matcher: input.Matcher?.HttpCode ?? '200',
  };
}

export const targetGroups: ServiceHandlers = {
  CreateTargetGroup: (ctx) => {
    const input = inputOf<CreateTargetGroupCommandInput>(ctx);
    const name = input.Name ?? '';
    if (!ELB_NAME.test(name)) throw awsError('ValidationError', `Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
    if ((input.TargetType ?? 'instance') !== 'instance') throw awsError('ValidationError', 'The sandbox simulates instance target groups only.');
    const settings = settingsOf(input);
    if (!ctx.region.vpcs[settings.VpcId]) throw awsError('ValidationError', `The VPC ID '${settings.VpcId}' is not found`);
    const existing = Object.values(ctx.region.targetGroups ?? {}).find((t) => t.TargetGroupName === name);
    if (existing) {
      const same = Object.entries(settings).every(([k, v]) => existing[k as keyof typeof settings] === v);
      if (!same) throw awsError('DuplicateTargetGroupNameException', 'A target group with the same name exists, but with different settings');
      return { TargetGroups: [view(ctx, existing)] };
    }
    const arn = elbArn(ctx, `targetgroup/${name}`);
    const tg: TargetGroup = { TargetGroupArn: arn, TargetGroupName: name, ...settings, targets: {}, Tags: tagsFrom(input.Tags), createdAt: ctx.now };
    (ctx.region.targetGroups ??= {})[arn] = tg;
    return { TargetGroups: [view(ctx, tg)] };
  },

  DescribeTargetGroups: (ctx) => {
    const input = inputOf<DescribeTargetGroupsCommandInput>(ctx);
    const all = Object.values(ctx.region.targetGroups ?? {}).filter((t) => ctx.visible(t.createdAt));
    let found = all;
    if (input.TargetGroupArns?.length) found = input.TargetGroupArns.map((arn) => targetGroupOf(ctx, arn));
    if (input.Names?.length) {
      found = input.Names.map((n) => {
        const tg = all.find((t) => t.TargetGroupName === n);
        if (!tg) throw awsError('TargetGroupNotFoundException', `One or more target groups not found`);
        return tg;
      });
    }
    if (input.LoadBalancerArn) {
      loadBalancerOf(ctx, input.LoadBalancerArn);
      const arns = new Set(Object.values(ctx.region.listeners ?? {}).filter((l) => l.LoadBalancerArn === input.LoadBalancerArn).map((l) => l.TargetGroupArn));
      found = found.filter((t) => arns.has(t.TargetGroupArn));
    }
    return { TargetGroups: found.map((t) => view(ctx, t)) };
  },

  ModifyTargetGroup: (ctx) => {
    const input = inputOf<ModifyTargetGroupCommandInput>(ctx);
    const tg = targetGroupOf(ctx, input.TargetGroupArn);
    if (input.HealthCheckProtocol) tg.HealthCheckProtocol = input.HealthCheckProtocol;
    if (input.HealthCheckPort) tg.HealthCheckPort = input.HealthCheckPort;
    if (input.HealthCheckPath) tg.HealthCheckPath = input.HealthCheckPath;
    if (input.HealthCheckIntervalSeconds) tg.HealthCheckIntervalSeconds = input.HealthCheckIntervalSeconds;
    if (input.HealthyThresholdCount) tg.HealthyThresholdCount = input.HealthyThresholdCount;
    if (input.UnhealthyThresholdCount) tg.UnhealthyThresholdCount = input.UnhealthyThresholdCount;
    if (input.Matcher?.HttpCode) tg.Matcher = input.Matcher.HttpCode;
    return { TargetGroups: [view(ctx, tg)] };
  },

  DeleteTargetGroup: (ctx) => {
    const arn = inputOf<DeleteTargetGroupCommandInput>(ctx).TargetGroupArn ?? '';
    const tg = ctx.region.targetGroups?.[arn];
    if (!tg) return {};
    if (inUse(ctx.region, tg)) throw awsError('ResourceInUseException', `Target group '${arn}' is currently in use by a listener or a rule`);
    delete ctx.region.targetGroups![arn];
    return {};
  },

  DescribeTargetHealth: (ctx) => {
    const input = inputOf<DescribeTargetHealthCommandInput>(ctx);
    const tg = targetGroupOf(ctx, input.TargetGroupArn);
    const ids = input.Targets?.length ? input.Targets.map((t) => t.Id ?? '') : Object.keys(tg.targets).filter((id) => !drained(tg, id, ctx.now));
    return {
      TargetHealthDescriptions: ids.map((id) => ({
        Target: { Id: id, Port: tg.targets[id]?.Port ?? tg.Port },
        HealthCheckPort: String(tg.targets[id]?.Port ?? tg.Port),
        TargetHealth: targetHealth(ctx.region, tg, id, ctx.now, ctx.unhealthyGroups),
      })),
    };
  },

  DescribeTargetGroupAttributes: (ctx) => {
    const tg = targetGroupOf(ctx, inputOf<DescribeTargetGroupAttributesCommandInput>(ctx).TargetGroupArn);
    return { Attributes: attributesOf(tg) };
  },

  ModifyTargetGroupAttributes: (ctx) => {
    const input = inputOf<ModifyTargetGroupAttributesCommandInput>(ctx);
    const tg = targetGroupOf(ctx, input.TargetGroupArn);
    for (const a of input.Attributes ?? []) {
      if (a.Key !== DEREGISTRATION_DELAY) throw awsError('ValidationError', `The sandbox simulates only the ${DEREGISTRATION_DELAY} attribute, not ${a.Key}`);
      const seconds = Number(a.Value);
      if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) throw awsError('ValidationError', `'${a.Value}' must be an integer between 0 and 3600 for ${DEREGISTRATION_DELAY}`);
      tg.deregistrationDelaySeconds = seconds;
    }
    return { Attributes: attributesOf(tg) };
  },
};
