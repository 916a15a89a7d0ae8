/**
 * Making Elastic Beanstalk applications and environments. A new environment
 * is Launching for a few simulated minutes, with the events the console
 * shows, then Ready; its instances are launched at once (they boot and
 * register with SSM meanwhile) and run the platform's sample application
 * until a version of yours is deployed.
 */
import { randomBytes } from 'node:crypto';
import type {
  CreateApplicationMessage,
  CreateEnvironmentMessage,
  DescribeConfigurationSettingsMessage,
  DescribeEnvironmentResourcesMessage,
} from '@aws-sdk/client-elastic-beanstalk';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsFrom } from '../lib/filters.js';
import { environmentId, resourceId } from '../../account/ids.js';
import type { Environment, EnvironmentEvent, SecurityGroup } from '../../account/state.js';
import { after } from '../../account/time.js';
import { addEvent, current, environmentView, findEnvironment, invalid, newApplication } from './applications.js';
import { minSize, normalize, validateSettings } from './configuration.js';
import { deployVersion } from './deployment.js';
import { launchInstances, setting } from './instances.js';
import { platformByArn, solutionStack } from './platforms.js';

/** A real launch takes several minutes; three keep the rehearsal honest and short. */
export const LAUNCH_SECONDS = 180;
const NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/;

function liveEnvironment(ctx: OperationContext, name: string): Environment | undefined {
  return Object.values(ctx.region.environments).find((e) => e.EnvironmentName === name && current(e, ctx.now).status !== 'Terminated');
}

/** The group Elastic Beanstalk gives the instances: HTTP from the load balancer, inside the VPC. */
function instanceGroup(ctx: OperationContext, env: Environment): SecurityGroup {
  const vpcId = setting(env, 'aws:ec2:vpc', 'VPCId') ?? Object.values(ctx.region.vpcs).find((v) => v.IsDefault)?.VpcId ?? '';
  const group: SecurityGroup = {
    GroupId: resourceId('sg'),
    GroupName: `awseb-${env.EnvironmentId}-stack-AWSEBSecurityGroup-${randomBytes(6).toString('hex').toUpperCase()}`,
    Description: 'SecurityGroup for ElasticBeanstalk environment.',
    VpcId: vpcId,
    ingress: [{ SecurityGroupRuleId: resourceId('sgr'), IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv4: ctx.region.vpcs[vpcId]?.CidrBlock ?? '0.0.0.0/0' }],
    egress: [{ SecurityGroupRuleId: resourceId('sgr'), IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' }],
    Tags: { ...env.Tags, 'elasticbeanstalk:environment-name': env.EnvironmentName },
    createdAt: ctx.now,
  };
  ctx.region.securityGroups[group.GroupId] = group;
  return group;
}

function launchEvents(ctx: OperationContext, env: Environment, group: SecurityGroup): EnvironmentEvent[] {
  const event = (seconds: number, Message: string): EnvironmentEvent => ({ at: after(env.createdAt, seconds), Message, Severity: 'INFO', ApplicationName: env.ApplicationName, EnvironmentName: env.EnvironmentName });
  return [
    event(0, 'createEnvironment is starting.'),
    event(2, `Using elasticbeanstalk-${ctx.regionName}-${ctx.account.accountId} as Amazon S3 storage bucket for environment data.`),
    event(20, `Created security group named: ${group.GroupName}`),
    event(45, `Created load balancer named: arn:aws:elasticloadbalancing:${ctx.regionName}:${ctx.account.accountId}:loadbalancer/app/awseb--AWSEB-${env.EnvironmentId.slice(2)}`),
    event(70, `Created Auto Scaling group named: awseb-${env.EnvironmentId}-stack-AWSEBAutoScalingGroup-${env.EnvironmentId.slice(2).toUpperCase()}`),
    event(110, 'Waiting for EC2 instances to launch. This may take a few minutes.'),
    event(LAUNCH_SECONDS - 10, 'Instance deployment completed successfully.'),
    event(LAUNCH_SECONDS, `Successfully launched environment: ${env.EnvironmentName}`),
  ];
}

export const environments: ServiceHandlers = {
  CreateApplication: (ctx) => {
    const input = inputOf<CreateApplicationMessage>(ctx);
    const name = input.ApplicationName ?? '';
    if (ctx.region.applications[name]) throw invalid(`Application ${name} already exists.`);
    const app = newApplication(name, ctx.now);
    app.Description = input.Description;
    app.Tags = tagsFrom(input.Tags);
    ctx.region.applications[name] = app;
    const arn = `arn:aws:elasticbeanstalk:${ctx.regionName}:${ctx.account.accountId}:application/${name}`;
    return { Application: { ApplicationArn: arn, ApplicationName: name, Description: app.Description, DateCreated: new Date(ctx.now), DateUpdated: new Date(ctx.now), Versions: [] } };
  },

  CreateEnvironment: (ctx) => {
    const input = inputOf<CreateEnvironmentMessage>(ctx);
    const appName = input.ApplicationName ?? '';
    if (!ctx.region.applications[appName]) throw invalid(`No Application named '${appName}' found.`);
    const name = input.EnvironmentName ?? '';
    if (!NAME.test(name)) throw invalid(`Value ${name} at 'EnvironmentName' failed to satisfy constraint: Member must have length between 4 and 40 and contain letters, digits and hyphens.`);
    if (liveEnvironment(ctx, name)) throw invalid(`Environment ${name} already exists.`);
    if (input.Tier && input.Tier.Name !== 'WebServer') throw awsError('UnsupportedOperation', 'The sandbox simulates web server environments only.');
    const platform = platformByArn(ctx.regionName, input.PlatformArn);
    if (!platform) throw invalid(`No Platform named '${input.PlatformArn}' found.`);
    if (platform.branchState === 'retired') throw invalid(`The platform ${input.PlatformArn} is retired; choose a supported platform.`);
    const id = environmentId();
    const env: Environment = {
      EnvironmentId: id,
      EnvironmentName: name,
      ApplicationName: appName,
      SolutionStackName: solutionStack(platform),
      PlatformArn: input.PlatformArn,
      CNAME: `${(input.CNAMEPrefix ?? name).toLowerCase()}.eba-${randomBytes(4).toString('hex')}.${ctx.regionName}.elasticbeanstalk.com`,
      EndpointURL: `awseb-${id}-AWSEBLoa-${id.slice(2).toUpperCase()}.${ctx.regionName}.elb.amazonaws.com`,
      serverIps: ['', ''],
      optionSettings: normalize(input.OptionSettings),
      busy: { status: 'Launching', until: after(ctx.now, LAUNCH_SECONDS) },
      Tags: tagsFrom(input.Tags),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    validateSettings(ctx, env);
    const group = instanceGroup(ctx, env);
    env.securityGroupId = group.GroupId;
    const instanceIds = launchInstances(ctx, env, minSize(env));
    const ips = instanceIds.map((i) => ctx.region.instances[i]!.PrivateIpAddress);
    env.serverIps = [ips[0] ?? '', ips[1] ?? ips[0] ?? ''];
    const errors = deployVersion(ctx, env, input.VersionLabel ?? '');
    if (errors.length) throw invalid(errors[0]!);
    env.VersionLabel = input.VersionLabel;
    ctx.region.environments[id] = env;
    for (const e of launchEvents(ctx, env, group)) addEvent(ctx.region, e);
    return environmentView(ctx, env);
  },

  DescribeEnvironmentResources: (ctx) => {
    const env = findEnvironment(ctx, inputOf<DescribeEnvironmentResourcesMessage>(ctx));
    return {
      EnvironmentResources: {
        EnvironmentName: env.EnvironmentName,
        AutoScalingGroups: env.instanceIds ? [{ Name: `awseb-${env.EnvironmentId}-stack-AWSEBAutoScalingGroup-${env.EnvironmentId.slice(2).toUpperCase()}` }] : [],
        Instances: (env.instanceIds ?? []).filter((i) => ctx.region.instances[i]).map((Id) => ({ Id })),
        LaunchConfigurations: [],
        LaunchTemplates: env.instanceIds ? [{ Id: `lt-${env.EnvironmentId.slice(2).padEnd(17, '0')}` }] : [],
        LoadBalancers: [{ Name: `awseb-${env.EnvironmentId}-AWSEBLoa` }],
        Triggers: [],
        Queues: [],
      },
    };
  },

  DescribeConfigurationSettings: (ctx) => {
    const input = inputOf<DescribeConfigurationSettingsMessage>(ctx);
    if (input.TemplateName) throw awsError('UnsupportedOperation', 'The sandbox does not simulate configuration templates.');
    const env = findEnvironment(ctx, input);
    if (env.ApplicationName !== input.ApplicationName) throw invalid(`No Environment found for EnvironmentName = '${input.EnvironmentName}'.`);
    return {
      ConfigurationSettings: [
        {
          ApplicationName: env.ApplicationName,
          EnvironmentName: env.EnvironmentName,
          SolutionStackName: env.SolutionStackName,
          PlatformArn: env.PlatformArn,
          DeploymentStatus: current(env, ctx.now).busy ? 'pending' : 'deployed',
          DateCreated: new Date(env.createdAt),
          DateUpdated: new Date(env.updatedAt),
          OptionSettings: env.optionSettings ?? [],
        },
      ],
    };
  },
};

