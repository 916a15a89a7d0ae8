/**
 * Runbook `redis-sessions`: seed 000, "Redis Sessions", steps 0-37. One Redis
 * container on an EC2 instance, reachable only from the application, managed
 * by systemd, checked with `lsof -i :6379` through SSM, and the Elastic
 * Beanstalk config that points PHP sessions at it.
 */
import { defineRunbook, eb, ec2, files, firstOf, http, isPrivateCidr, manual, param, ssm, template } from '../../src/authoring/index.js';
import { scripts, here as dir } from './scripts.js';
import { decisions, sourceSteps } from './source-map.js';

const CONTAINER = 'redis_server';
const PORT = 6379;
const UNIT_NAME = 'redis-container.service';
const UNIT_PATH = `/etc/systemd/system/${UNIT_NAME}`;
const UNIT_CONTENT = template(dir, 'redis-container.service').replaceAll('{{CONTAINER}}', CONTAINER).trimEnd();
const LOGIN_USER = 'ubuntu';

const UBUNTU_LTS = {
  x86_64: '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
  arm64: '/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id',
};

const WORLD = /^(0\.0\.0\.0|::)\/0$/;

export default defineRunbook({
  id: 'redis-sessions',
  title: 'A central Redis session store for OpenEMR',
  summary:
    'Launches a Redis instance reachable only from the application, runs Redis in Docker under systemd so it survives reboots, verifies it with lsof and redis-cli through SSM, and writes (optionally deploys) the Elastic Beanstalk config that stores PHP sessions in it.',
  source: { file: '000_5ca29d32c4f75b96.txt', procedure: 'Redis Sessions', steps: sourceSteps },
  dir,
  decisions,
  rehearsal: { params: {} },
  simulation: () => import('./simulation.js'),
  params: {
    vpcId: param.vpc('VPC to run in (default: the account default VPC)', { optional: true }),
    subnetId: param.subnet('Subnet for the instance (default: a default subnet of the VPC)', { optional: true }),
    allowedCidr: param.cidr('CIDR allowed to reach Redis on 6379 (default: the VPC CIDR); a private range unless allowPublicSource, never 0.0.0.0/0', { optional: true }),
    allowPublicSource: param.boolean('Accept an allowedCidr outside the private ranges: Redis has no password, so anyone there could read and change every session', { default: false }),
    allowedSecurityGroupId: param.awsId('sg', "The application's security group, allowed to reach Redis instead of a CIDR", { optional: true }),
    instanceProfile: param.name('An existing instance profile with AmazonSSMManagedInstanceCore (default: one is created)', { optional: true }),
    instanceType: param.instanceType('Instance type; Redis scales vertically', { default: 'm7i.large' }),
    volumeSizeGiB: param.int('Root volume size; Redis snapshots to disk', { min: 8, max: 16384, unit: 'GiB', default: 20 }),
    amiId: param.awsId('ami', 'Machine image (default: the current Ubuntu 24.04 LTS from Canonical)', { optional: true }),
    keyName: param.name('An existing EC2 key pair for emergencies (not needed: commands run through SSM)', { optional: true }),
    redisImage: param.string('Redis container image, pinned', {
      default: 'redis:7.4.2',
      expected: 'an image reference such as redis:7.4.2',
      // [registry[:port]/]repository[:tag][@digest]
      pattern: /^(?:[a-z0-9.-]+(?::\d{1,5})?\/)?[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[A-Za-z0-9._-]{1,128})?(?:@sha256:[a-f0-9]{64})?$/,
    }),
    appDir: param.path('Your application folder: .ebextensions/redis-sessions.config is written into it', { optional: true }),
    ebApplication: param.name('Elastic Beanstalk application to deploy appDir to', { optional: true }),
    ebEnvironment: param.name('Elastic Beanstalk environment to deploy appDir to', { optional: true }),
    rebootCheck: param.boolean('Reboot the instance once and check that Redis comes back', { default: false }),
    sessionCheckUrl: param.url('URL of the session test page (source NOTES) behind the load balancer', { optional: true }),
  },
  validate(p) {
    if (typeof p.allowedCidr === 'string' && WORLD.test(p.allowedCidr))
      return 'Parameter allowedCidr: expected a CIDR that is not the whole internet; Redis has no password and must only be reachable from the application.';
    if (typeof p.allowedCidr === 'string' && !isPrivateCidr(p.allowedCidr) && p.allowPublicSource !== true)
      return `Parameter allowedCidr: ${p.allowedCidr} reaches addresses outside the private ranges, and Redis has no password; give a private range (the VPC's is the default), or set allowPublicSource=true to accept that risk.`;
    if (p.allowedCidr && p.allowedSecurityGroupId) return 'Parameters allowedCidr and allowedSecurityGroupId: expected one of them, not both.';
    if (Boolean(p.ebApplication) !== Boolean(p.ebEnvironment)) return 'Parameters ebApplication and ebEnvironment: expected both or neither.';
    if (p.ebApplication && !p.appDir) return 'Parameter appDir: expected the application folder to deploy when ebApplication is given.';
    return undefined;
  },
  steps: (params) => {
    const { instance: host, steps: launch } = ec2.managedInstance({
      network: { covers: '0', vpcId: params.vpcId, subnetId: params.subnetId },
      profile: { covers: '0, 17', existingProfile: params.instanceProfile, name: 'runbook-redis-sessions-ssm' },
      securityGroup: (network) => ({
        id: 'redis-security-group',
        covers: '21b, 22b, 23-35, todo-2',
        name: 'redis-security-group',
        description: 'Restricted Redis security group',
        ingress: [{ protocol: 'tcp', fromPort: PORT, from: firstOf(params.allowedSecurityGroupId, params.allowedCidr, network.out.vpcCidr), description: 'Redis sessions' }],
      }),
      image: { covers: '2', amiId: params.amiId, parameterByArch: UBUNTU_LTS },
      instance: { covers: '1, 3-9', name: 'Redis', instanceType: params.instanceType, keyName: params.keyName, rootVolumeGiB: params.volumeSizeGiB, report: { instanceId: 'Redis instance' } },
    });
    const address = ec2.elasticIp('elastic-ip', { covers: '10-16', name: 'Redis', instanceId: host.out.instanceId, report: { privateIp: 'Redis address for the application', publicIp: 'Elastic IP' } });
    const on = host.out.instanceId;
    const docker = ssm.script('install-docker', {
      covers: '18',
      title: 'Install Docker',
      instanceId: on,
      probe: scripts.dockerReady.with({ USER_NAME: LOGIN_USER }),
      script: scripts.installDocker.with({ USER_NAME: LOGIN_USER }),
    });
    const containerVars = { CONTAINER, IMAGE: params.redisImage, PORT };
    const container = ssm.script('redis-container', {
      covers: '19',
      title: 'Create the Redis container',
      after: [docker],
      instanceId: on,
      probe: scripts.redisContainerReady.with(containerVars),
      script: scripts.createRedisContainer.with(containerVars),
    });
    const unitVars = { UNIT_NAME, UNIT_PATH, UNIT_CONTENT };
    const unit = ssm.script('redis-unit', {
      covers: '20, 21',
      title: 'Install and start the systemd unit',
      after: [container],
      instanceId: on,
      probe: scripts.redisUnitReady.with(unitVars),
      script: scripts.installRedisUnit.with(unitVars),
    });
    const listening = { probe: scripts.portListener.with({ PORT }), expect: ssm.lsofCommandIs('docker-pr') };
    const ping = { probe: scripts.redisPing.with({ CONTAINER }), expect: ssm.outputLineIs('PONG') };
    const checkPort = ssm.verify('redis-listening', { covers: '22', title: 'Verify: docker-pr holds port 6379 (lsof)', after: [unit], instanceId: on, ...listening });
    const checkPing = ssm.verify('redis-ping', { covers: '22', title: 'Verify: Redis answers PONG', after: [unit], instanceId: on, ...ping });
    const reboot = ssm.rebootCheck('reboot-check', {
      covers: 'todo-1',
      after: [checkPort, checkPing],
      when: { describe: 'rebootCheck is true', test: (p) => p.rebootCheck === true },
      instanceId: on,
      since: scripts.rebootSurvived.with({ UNIT_PATH }),
      checks: [listening, ping],
    });
    const config = files.render('session-config', {
      covers: '36',
      title: 'Write .ebextensions/redis-sessions.config',
      template: template(dir, 'redis-sessions.config'),
      vars: { REDIS_IP: address.out.privateIp },
      dir: params.appDir,
      file: '.ebextensions/redis-sessions.config',
      report: { path: 'Elastic Beanstalk config written' },
    });
    const deploy = eb.deployFolder('deploy', {
      covers: '37',
      after: [config, checkPort, checkPing, reboot],
      when: { describe: 'ebApplication and ebEnvironment are given', test: (p) => Boolean(p.ebApplication && p.ebEnvironment) },
      application: firstOf(params.ebApplication),
      environment: firstOf(params.ebEnvironment),
      sourceDir: firstOf(params.appDir),
      labelPrefix: 'redis-sessions',
    });
    const deployByHand = manual('deploy-manually', {
      covers: '37',
      title: 'Deploy the application (by hand)',
      after: [config, checkPort, checkPing, reboot],
      when: { describe: 'appDir is given without ebApplication and ebEnvironment', test: (p) => Boolean(p.appDir) && !p.ebApplication },
      instructions: template(dir, 'deploy-instructions.md'),
      vars: { APP_DIR: firstOf(params.appDir), REDIS_IP: address.out.privateIp },
    });
    const sessions = http.sessionCounter('session-check', {
      covers: 'notes',
      after: [deploy, deployByHand],
      when: { describe: 'sessionCheckUrl is given', test: (p) => Boolean(p.sessionCheckUrl) },
      url: params.sessionCheckUrl,
      requests: 10,
    });
    return [...launch, address, docker, container, unit, checkPort, checkPing, reboot, config, deploy, deployByHand, sessions];
  },
});
