/**
 * Runbook `aquamark-upgrade`: seed 003, "Upgrading". A new Aquamark version
 * on what aquamark-deploy built: a build instance from the serving image,
 * the former container recorded and removed, the checkout moved to the ref,
 * the image built and the web server started by aquamark-deploy's own
 * steps; a new image, a new launch template version and a new Auto Scaling
 * group in the same target group (blue/green); once it is healthy and /ping
 * answers through the load balancer, the old group drains, is deleted and
 * its instances are awaited until terminated. Then the migrations and the
 * daemons. A new group that never becomes healthy fails the run with its
 * targets' health reasons while the old group still serves; `runbook
 * destroy <run-id>` is the way back (README).
 */
import { autoscaling, defineRunbook, ec2, elbv2, firstOf, param, ssm, type Condition } from '../../src/authoring/index.js';
import { APP_DIR, buildImage, LOGIN_USER, repositoryReadable } from '../aquamark-deploy/build-host.js';
import { DAEMONS, daemonContainer, findBackupMachine } from '../aquamark-deploy/daemons.js';
import { GIT_REF, IMAGE_NAME, sharedParams } from '../aquamark-deploy/patterns.js';
import { HTTP_PORT, migration, pingEveryInstance, pingThroughLoadBalancer, WEB_CONTAINER, webServer } from '../aquamark-deploy/web-server.js';
import deploy from '../aquamark-deploy/index.js';
import { here as dir, scripts } from './scripts.js';
import { decisions, sourceSteps } from './source-map.js';

const isTrue = (name: string): Condition => ({ describe: `${name} is true`, test: (p) => p[name] === true });

export default defineRunbook({
  id: 'aquamark-upgrade',
  title: 'Upgrade Aquamark: a new image and a new Auto Scaling group swapped in behind the same load balancer, the old group removed',
  summary:
    "Finds the serving group and the image it launches; on a build instance from that image, reached only through SSM, records the container's configuration (redacted), removes it with its volumes, discards local changes, builds the ref and starts a fresh web server as aquamark-deploy does, checks /ping and the watchdog's cron job; makes the new image, a launch template version from it and a new group in the same target group; once it is healthy and /ping answers through the load balancer, drains and deletes the old group and waits until its instances are terminated; migrates the schema when asked; rebuilds the image and replaces the daemons on the backup machine.",
  source: { file: '003_87267fc9481aabe1.txt', procedure: 'Upgrading', steps: sourceSteps },
  dir,
  decisions,
  rehearsal: {
    params: { ref: 'v1.0.2', imageName: 'aq-web-v1.0.2-1', backupInstanceName: 'aquamark-backup', migrations: true, healthyWaitMinutes: 10, drainSeconds: 30 },
    before: [{ runbook: 'aquamark-deploy', params: deploy.rehearsal!.params }],
  },
  simulation: () => import('./simulation.js'),
  params: {
    ...sharedParams,
    currentGroup: param.string('The Auto Scaling group that serves now (aquamark-deploy names it after its image)', { default: 'aq-web-v1.0.1-1', pattern: IMAGE_NAME, expected: 'a group name such as aq-web-v1.0.1-1' }),
    imageName: param.string('Name of the new image and of the new group (the source: aq-web-v<version>-<build>)', { example: 'aq-web-v1.0.2-1', pattern: IMAGE_NAME, expected: 'a name such as aq-web-v1.0.2-1: 3 to 128 letters, digits, dots, dashes and underscores' }),
    ref: param.string('Branch, tag or commit to upgrade to', { example: 'v1.0.2', pattern: GIT_REF, expected: 'a git branch, tag or commit such as v1.0.2' }),
    sourceImageId: param.awsId('ami', 'The former Aquamark image (default: the one the serving group launches)', { optional: true }),
    buildInstanceType: param.instanceType('Build instance type (the source: t1.micro, retired)', { default: 't3.micro' }),
    buildSubnetId: param.subnet("Subnet of the build instance (default: the serving group's first subnet)", { optional: true }),
    tryWebServices: param.boolean('Forward localPort to the build instance\'s web server through Session Manager, until Ctrl-C, before the image is made', { default: false }),
    localPort: param.port('tryWebServices: the port on this machine', { default: 8080 }),
    drainSeconds: param.int("How long the old group's instances drain before it is deleted (default: the target group's deregistration delay)", { min: 0, max: 3600, unit: 's', optional: true }),
    healthyWaitMinutes: param.int('How long the new group may take to be healthy before the run fails and the old group keeps serving', { min: 1, max: 120, unit: 'minutes', default: 20 }),
    migrations: param.boolean('There are database schema changes: run alembic upgrade head after the swap', { default: false }),
    terminateBuildInstance: param.boolean('Terminate the build instance at the end (a run made again then launches another)', { default: false }),
  },
  validate(p) {
    if (p.imageName !== undefined && p.imageName === p.currentGroup) return `Parameter imageName: expected a name other than currentGroup (${String(p.currentGroup)}): the new group must not be the one it replaces.`;
    if (p.backupInstanceId && p.backupInstanceName) return 'Parameters backupInstanceId and backupInstanceName: expected one of them.';
    return undefined;
  },
  steps: (params) => {
    const serving = autoscaling.currentGroup('current-group', { covers: 'launch', report: { name: 'Serving group' }, name: params.currentGroup, orElse: params.imageName });
    const build = ec2.instance('build-instance', {
      covers: 'launch, security-group, ssh-key, connect',
      report: { instanceId: 'Build instance' },
      name: 'aquamark-upgrade-build',
      imageId: firstOf(params.sourceImageId, serving.out.imageId),
      instanceType: params.buildInstanceType,
      subnetId: firstOf(params.buildSubnetId, serving.out.subnetId),
      securityGroupIds: serving.out.securityGroupIds,
      instanceProfileName: serving.out.instanceProfileName,
      rootVolume: { deviceName: serving.out.rootDeviceName, sizeGiB: serving.out.rootVolumeGiB },
      waitForSsm: true,
    });
    const on = build.out.instanceId;

    // The former container: its configuration kept (redacted), then removed with its volumes.
    const checkout = { NAME: WEB_CONTAINER, APP_DIR, REF: params.ref, REPOSITORY: params.repository, USER_NAME: LOGIN_USER };
    const recorded = ssm.verify('record-container', {
      covers: 'inspect',
      title: "Record the container's configuration (docker inspect, values redacted)",
      instanceId: on,
      probe: scripts.recordContainer.with({ NAME: WEB_CONTAINER }),
      expect: ssm.succeeds('docker inspect aquamark, environment values redacted'),
    });
    const removed = ssm.script('remove-container', {
      covers: 'remove',
      title: 'Remove the former container with its volumes (docker rm -fv)',
      after: [recorded],
      instanceId: on,
      probe: scripts.oldContainerGone.with(checkout),
      script: scripts.removeContainer.with({ NAME: WEB_CONTAINER }),
    });
    const discarded = ssm.script('discard-local-changes', {
      covers: 'reset',
      title: 'Discard local changes in the checkout (git reset --hard HEAD)',
      after: [removed],
      instanceId: on,
      probe: scripts.noLocalChanges.with({ APP_DIR, USER_NAME: LOGIN_USER }),
      script: scripts.discardLocalChanges.with({ APP_DIR, USER_NAME: LOGIN_USER }),
    });
    const readable = repositoryReadable({ prefix: '', what: 'the build instance', instanceId: on, repository: params.repository, after: [discarded], covers: 'fetch' });
    const built = buildImage({ prefix: '', what: 'the build instance', instanceId: on, repository: params.repository, ref: params.ref, after: [readable], covers: 'fetch, checkout, build' });
    const { web, ping } = webServer({ instanceId: on, what: 'the build instance', after: [built], covers: { run: 'build', ping: 'build' } });
    const cron = ssm.verify('watchdog-cron-points', {
      covers: 'watchdog',
      title: "Verify: the watchdog's cron job still names a file of the checkout",
      after: [built],
      instanceId: on,
      probe: scripts.watchdogCronPoints.with({ USER_NAME: LOGIN_USER }),
      expect: ssm.succeeds('no cron job, or one whose watchdog.py exists'),
    });

    // Trying the web services: Session Manager port forwarding instead of an SSH tunnel.
    const tryIt = isTrue('tryWebServices');
    const plugin = ssm.sessionManagerPlugin('session-manager-plugin', { covers: 'tunnel', when: tryIt, after: [ping] });
    const tunnel = ssm.portForward('try-web-services', { covers: 'tunnel', when: tryIt, after: [plugin], instanceId: on, remotePort: HTTP_PORT, localPort: params.localPort });

    // Blue/green: the new image, a launch template version from it, the new group in the same target group.
    const image = ec2.image('image', {
      covers: 'image-and-group',
      title: 'Make the new image of the build instance (reboots it) and wait until available',
      report: { imageId: 'New image' },
      after: [ping, cron, tunnel],
      instanceId: on,
      name: params.imageName,
      description: 'Aquamark web server, made by runbook aquamark-upgrade',
    });
    const version = ec2.launchTemplateVersion('launch-template-version', {
      covers: 'image-and-group',
      launchTemplateId: serving.out.launchTemplateId,
      sourceVersion: serving.out.launchTemplateVersion,
      imageId: image.out.imageId,
      name: params.imageName,
    });
    const group = autoscaling.group('new-group', {
      covers: 'image-and-group, load-balancer',
      report: { name: 'New Auto Scaling group' },
      name: params.imageName,
      launchTemplateId: version.out.launchTemplateId,
      launchTemplateVersion: version.out.version,
      subnets: serving.out.subnets,
      minSize: serving.out.minSize,
      maxSize: serving.out.maxSize,
      desiredCapacity: serving.out.desiredCapacity,
      targetGroupArns: serving.out.targetGroupArns,
      healthCheckGracePeriodSeconds: serving.out.healthCheckGracePeriodSeconds,
      waitMinutes: params.healthyWaitMinutes,
    });
    const scaling = autoscaling.scalingPolicy('scaling-policy', { covers: 'image-and-group', groupName: group.out.name, policyName: 'cpu-target-tracking', targetCpuPercent: params.targetCpuPercent });
    const lb = elbv2.findLoadBalancer('load-balancer', { covers: 'load-balancer', targetGroupArns: serving.out.targetGroupArns });
    const throughLb = pingThroughLoadBalancer({ url: lb.out.url, after: [group], covers: 'load-balancer' });
    // The load balancer may answer from either group while both serve: each new instance is asked itself before the old group goes.
    const everyNew = pingEveryInstance({ id: 'ping-every-new-server', groupName: group.out.name, after: [group], covers: 'load-balancer' });
    const retired = autoscaling.retireGroup('retire-old-group', { covers: 'delete-old, important', after: [throughLb, everyNew, scaling], name: params.currentGroup, successor: group.out.name, drainSeconds: params.drainSeconds });

    // Finally the schema, then the daemons on the backup machine, from the new build.
    const migrate = migration({ instanceId: on, after: [retired], covers: 'migrate', when: isTrue('migrations') });
    const backup = findBackupMachine({ backupInstanceId: params.backupInstanceId, backupInstanceName: params.backupInstanceName, covers: 'daemons' });
    const backupOn = backup.out.instanceId;
    const backupReadable = repositoryReadable({ prefix: 'backup-', what: 'the backup machine', instanceId: backupOn, repository: params.repository, after: [], covers: 'daemons' });
    const backupBuilt = buildImage({ prefix: 'backup-', what: 'the backup machine', instanceId: backupOn, repository: params.repository, ref: params.ref, after: [backupReadable], covers: 'daemons' });
    const daemons = DAEMONS.flatMap((d) => daemonContainer(d, backupOn, [backupBuilt, migrate], 'daemons'));
    const terminate = ec2.terminateInstance('terminate-build-instance', { covers: 'launch', when: isTrue('terminateBuildInstance'), after: [migrate, image], instanceId: on });

    return [serving, build, recorded, removed, discarded, readable, built, web, ping, cron, plugin, tunnel, image, version, group, scaling, lb, throughLb, everyNew, retired, migrate, backup, backupReadable, backupBuilt, ...daemons, terminate];
  },
});
