/**
 * Runbook `qis-web-scaling`: seed 004, "2 server auto-scaling deployment",
 * which the source leaves as TODOs. In qis-network's VPC: the full-time
 * database and image server and the full-time web server from the QIS image,
 * each enabled for its role by QIS's deploy/aws/configure.sh through SSM; the
 * web server registered with qis-lb; an image of it, a launch template and an
 * Auto Scaling group of extra web servers behind qis-lb that scales on CPU.
 */
import { autoscaling, defineRunbook, ec2, elb, elbv2, iam, param, ssm, TAG_RUNBOOK, type Condition } from '../../src/authoring/index.js';
import { CONFIGURE_SCRIPT, servicesOf, type Role } from './roles.js';
import { here as dir, scripts } from './scripts.js';
import { decisions, sourceSteps } from './source-map.js';

const HOST_PATH = /^\/[A-Za-z0-9._/-]{1,255}$/;
/** A name that is also a launch template's and an Auto Scaling group's (the narrowest of the three). */
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/;
const classic: Condition = { describe: 'loadBalancerType is classic', test: (p) => p.loadBalancerType !== 'application' };
const application: Condition = { describe: 'loadBalancerType is application', test: (p) => p.loadBalancerType === 'application' };

export default defineRunbook({
  id: 'qis-web-scaling',
  title: "QIS's 2 server auto-scaling deployment: the database server, the web server and a group of extra web servers behind qis-lb",
  summary:
    "In qis-network's VPC (qis-vpc, its qis-subnet-*, the default group and qis-internal-sg) launches the full-time database and image server and the full-time web server from the QIS image (found by the tags the qis-ami runbook gives it, or amiId), with an SSM instance profile, IMDSv2 and no SSH key; enables each for its role with QIS's deploy/aws/configure.sh through SSM Run Command; registers the web server with the classic load balancer qis-lb; makes an image of the configured web server, a launch template from it and an Auto Scaling group of extra web servers attached to qis-lb, scaling on the group's average CPU (target tracking).",
  source: { file: '004_870db3c3aadd29f3.txt', procedure: '2 server auto-scaling deployment', steps: sourceSteps },
  dir,
  decisions,
  rehearsal: {
    params: {},
    before: [{ runbook: 'qis-network', params: { operatorCidr: '203.0.113.7/32' } }],
    seed: () => import('./sandbox-seed.js'),
  },
  simulation: () => import('./simulation.js'),
  params: {
    amiId: param.awsId('ami', 'The QIS image (default: the newest image of this account tagged by the qis-ami runbook, named imageName)', { optional: true }),
    imageName: param.name('The QIS image\'s Name tag, when amiId is not given', { default: 'qis' }),
    dbInstanceType: param.instanceType('The database and image server\'s instance type', { default: 't3.medium' }),
    dbVolumeGiB: param.int('The database and image server\'s root volume (the QIS image\'s 5 GiB is the least; Postgres and the images grow on it)', { min: 5, max: 16384, unit: 'GiB', default: 50 }),
    webInstanceType: param.instanceType('The web servers\' instance type (full-time and extra)', { default: 't3.small' }),
    webVolumeGiB: param.int('Each web server\'s root volume (at least the QIS image\'s 5 GiB)', { min: 5, max: 16384, unit: 'GiB', default: 8 }),
    configureScript: param.string('Where the QIS image keeps QIS\'s deploy/aws/configure.sh', { default: CONFIGURE_SCRIPT, pattern: HOST_PATH, expected: 'an absolute path such as /opt/qis/deploy/aws/configure.sh' }),
    loadBalancerType: param.oneOf("What qis-network made qis-lb as (its loadBalancerType): a classic load balancer, or an Application Load Balancer whose target group the servers join", ['classic', 'application'], { default: 'classic' }),
    loadBalancerName: param.name("qis-network's load balancer (classic), or its target group (application)", { default: 'qis-lb', max: 32 }),
    groupName: param.string('Name of the extra web servers\' launch template, Auto Scaling group and image', { default: 'qis-web', pattern: RESOURCE_NAME, expected: 'a name of 3 to 128 letters, digits, dots, dashes and underscores' }),
    minSize: param.int('Extra web servers at the least (target tracking needs one to measure)', { min: 1, max: 100, default: 1 }),
    maxSize: param.int('Extra web servers at the most', { min: 1, max: 100, default: 3 }),
    targetCpuPercent: param.int('Add extra web servers above, remove them below, this average CPU', { min: 10, max: 90, unit: '%', default: 60 }),
  },
  validate(p) {
    if (Number(p.minSize) > Number(p.maxSize)) return `Parameters minSize and maxSize: expected minSize <= maxSize (got ${p.minSize} and ${p.maxSize}).`;
    return undefined;
  },
  steps: (params) => {
    // qis-network's VPC, the first qis-subnet-* for the full-time servers, every one for the group, and the two groups the servers sit in.
    const network = ec2.network('network', {
      covers: 'arch',
      title: "Find qis-network's VPC, subnets and security groups",
      vpcName: 'qis-vpc',
      subnetNamePrefix: 'qis-subnet-',
      securityGroupNames: ['default', 'qis-internal-sg'],
    });
    const image = ec2.ami('qis-image', { covers: 'configure-sh', title: 'Find the QIS image', amiId: params.amiId, instanceType: params.webInstanceType, imageTags: { Name: params.imageName, [TAG_RUNBOOK]: 'qis-ami' } });
    const profile = iam.ssmInstanceProfile('instance-profile', { covers: 'db-server, web-server', name: 'qis-server' });

    const server = (id: string, name: string, covers: string, instanceType: typeof params.dbInstanceType, sizeGiB: typeof params.dbVolumeGiB) =>
      ec2.instance(id, {
        covers,
        report: { instanceId: name, privateIp: `${name} private address` },
        name,
        imageId: image.out.imageId,
        instanceType,
        subnetId: network.out.subnetId,
        securityGroupIds: network.out.securityGroupIds,
        instanceProfileName: profile.out.instanceProfileName,
        rootVolume: { deviceName: image.out.rootDeviceName, sizeGiB },
        waitForSsm: true,
      });
    type Script = Parameters<typeof ssm.script>[1];
    const configure = (id: string, role: Role, covers: string, instanceId: Script['instanceId'], dbHost: typeof db.out.privateIp | string, after: Script['after'] = []) => {
      const vars = { ROLE: role, SERVICES: servicesOf(role), CONFIGURE_SCRIPT: params.configureScript, DB_HOST: dbHost };
      return ssm.script(id, { covers, title: `Enable the ${role} role with QIS's configure.sh`, after, instanceId, probe: scripts.roleReady.with(vars), script: scripts.configureRole.with(vars) });
    };

    const db = server('db-server', 'qis-db-server', 'db-server', params.dbInstanceType, params.dbVolumeGiB);
    const dbRole = configure('configure-db', 'db', 'configure-sh, db-server', db.out.instanceId, '');
    const web = server('web-server', 'qis-web-server', 'web-server', params.webInstanceType, params.webVolumeGiB);
    const webRole = configure('configure-web', 'web', 'configure-sh, web-server', web.out.instanceId, db.out.privateIp, [dbRole]);

    // The extra web servers boot from an image of the configured web server: configure.sh has run on them before they start.
    const webImage = ec2.image('web-image', {
      covers: 'launch-configuration',
      title: 'Make the image of the configured web server (reboots it) and wait until available',
      after: [webRole],
      instanceId: web.out.instanceId,
      name: params.groupName,
      description: 'QIS web server, made by runbook qis-web-scaling',
    });
    const register = elb.registeredInstances('register-web-server', { covers: 'web-server, lb-link', when: classic, after: [webImage], loadBalancerName: params.loadBalancerName, instanceIds: [web.out.instanceId] });
    const registerTarget = elbv2.registeredTargets('register-web-target', { covers: 'web-server, lb-link', when: application, after: [webImage], targetGroupName: params.loadBalancerName, instanceIds: [web.out.instanceId] });

    const template = ec2.launchTemplate('launch-template', {
      covers: 'launch-configuration',
      name: params.groupName,
      imageId: webImage.out.imageId,
      instanceType: params.webInstanceType,
      instanceProfileName: profile.out.instanceProfileName,
      securityGroupIds: network.out.securityGroupIds,
      rootVolume: { deviceName: image.out.rootDeviceName, sizeGiB: params.webVolumeGiB },
      // qis-network's subnets have no NAT: an address of their own is how the servers reach SSM.
      publicIp: true,
    });
    const groupSettings = {
      covers: 'scaling-group, web-server-link, lb-link, arch-scale',
      report: { name: 'Auto Scaling group' },
      name: params.groupName,
      launchTemplateId: template.out.launchTemplateId,
      launchTemplateVersion: template.out.version,
      subnets: network.out.subnetList,
      minSize: params.minSize,
      maxSize: params.maxSize,
      desiredCapacity: params.minSize,
      healthCheckGracePeriodSeconds: 300,
    };
    // Behind the classic qis-lb by its LoadBalancerNames, or in the Application Load Balancer's target group.
    const group = autoscaling.group('auto-scaling-group', { ...groupSettings, when: classic, targetGroupArns: [], loadBalancerNames: [params.loadBalancerName] });
    const albGroup = autoscaling.group('auto-scaling-group-alb', { ...groupSettings, when: application, targetGroupArns: [registerTarget.out.targetGroupArn] });
    const scaling = autoscaling.scalingPolicy('scaling-policy', { covers: 'arch-scale', after: [group, albGroup], groupName: params.groupName, policyName: 'cpu-target-tracking', targetCpuPercent: params.targetCpuPercent });

    // Every instance the group launched, by the tag Auto Scaling gives it, in one SSM command: each booted with the web role already enabled.
    const webVars = { ROLE: 'web', SERVICES: servicesOf('web'), CONFIGURE_SCRIPT: params.configureScript, DB_HOST: db.out.privateIp };
    const groupReady = ssm.verify('group-web-role', {
      covers: 'scaling-group, web-server-link',
      title: "Verify on every instance of the group: the web role's services are enabled and running",
      after: [group, albGroup],
      instanceTags: { 'aws:autoscaling:groupName': params.groupName },
      maxConcurrency: '50%',
      probe: scripts.roleReady.with(webVars),
      expect: ssm.succeeds("the web role's services run on the instance"),
    });

    return [network, image, profile, db, dbRole, web, webRole, webImage, register, registerTarget, template, group, albGroup, scaling, groupReady];
  },
});
