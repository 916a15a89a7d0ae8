/**
 * Runbook `aquamark-deploy`: seed 003, "Deployment on AWS" up to
 * "Upgrading". Aquamark's scalable installation: the RDS PostgreSQL
 * database, a build instance that makes the Docker image, its config and
 * the schema, the web server and the watchdog, an image of the build
 * instance, an Application Load Balancer, an Auto Scaling group launched
 * from a launch template, and the recalculation and notification daemons on
 * the backup machine.
 */
import { autoscaling, defineRunbook, ec2, elbv2, firstOf, iam, manual, param, rds, route53, secretsmanager, ssm, template, type Condition } from '../../src/authoring/index.js';
import { APP_DIR, buildHost, CONF_DIR, CONF_FILE, LOGIN_USER } from './build-host.js';
import { daemonSteps } from './daemons.js';
import { GIT_REF, GIT_SSH_URL, IMAGE_NAME, sharedParams } from './patterns.js';
import { HEALTH_PATH, HTTP_PORT, migration, pingEveryInstance, pingThroughLoadBalancer, webServer } from './web-server.js';
import { here as dir, scripts } from './scripts.js';
import { decisions, sourceSteps } from './source-map.js';

const ID = 'aquamark-deploy';
const UBUNTU_LTS = {
  x86_64: '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
  arm64: '/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id',
};
const SUBNET_LIST = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})(?:,subnet-(?:[0-9a-f]{8}|[0-9a-f]{17}))+$/;
const BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:certificate\/[0-9a-f-]{36}$/;
const EMAIL = /^[^@\s'"\\$`]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const DB_IDENTIFIER = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$/;


const given = (name: string): Condition => ({ describe: `${name} is given`, test: (p) => Boolean(p[name]) });
const notGiven = (name: string): Condition => ({ describe: `${name} is not given`, test: (p) => !p[name] });
const both = (a: string, b: string): Condition => ({ describe: `${a} and ${b} are given`, test: (p) => Boolean(p[a] && p[b]) });

/** The repository's deploy keys page, from its ssh URL (GitHub's layout). */
export function deployKeysUrl(repository: string): string {
  const m = GIT_SSH_URL.exec(repository);
  return m ? `https://${m[1]}/${m[2]}/${m[3]}/settings/keys` : repository;
}

export default defineRunbook({
  id: ID,
  title: "Aquamark's scalable installation: the database, the image, the load balancer and the Auto Scaling group",
  summary:
    'Makes a private, encrypted RDS PostgreSQL database whose master password RDS keeps in Secrets Manager; on a build instance reached only through SSM installs the dependencies, makes a deploy key (the operator adds it to the repository), clones and builds the image, writes aq.conf with DATABASE_URL built on the host from the secret, migrates the schema, starts the web server and checks /ping, sets up the watchdog; makes an image of the build instance; puts an Application Load Balancer (HTTP, and HTTPS with a certificate) in front of an Auto Scaling group launched from a launch template, waits until its instances are healthy and checks /ping through the load balancer; starts the recalculation and notification daemons on the backup machine.',
  source: { file: '003_87267fc9481aabe1.txt', procedure: 'Deployment on AWS', steps: sourceSteps },
  dir,
  decisions,
  rehearsal: {
    params: {
      watchdogMailTo: 'ops@example.com',
      smtpHost: 'email-smtp.us-east-1.amazonaws.com',
      smtpUser: 'AKIAEXAMPLESMTPUSER',
      smtpPassword: 'sandbox-smtp-password',
      backupInstanceName: 'aquamark-backup',
    },
    acks: ['add-deploy-key', 'watchdog-email', 'backup-add-deploy-key'],
    seed: () => import('./sandbox-seed.js'),
  },
  simulation: () => import('./simulation.js'),
  params: {
    ...sharedParams,
    dbIdentifier: param.string('DB Instance Identifier of the RDS database', {
      default: 'aquamark',
      pattern: DB_IDENTIFIER,
      expected: 'an identifier of letters, digits and single hyphens, starting with a letter, up to 63 characters',
    }),
    dbEngineVersion: param.string('PostgreSQL version of the database', { default: '16.4', pattern: /^\d{1,2}(?:\.\d{1,2})?$/, expected: 'a PostgreSQL version such as 16.4' }),
    dbInstanceClass: param.string('DB instance class (the source: db.t2.medium, retired; the current class of its size)', { default: 'db.t4g.medium', pattern: /^db\.[a-z0-9]+\.[a-z0-9]+$/, expected: 'a DB instance class such as db.t4g.medium' }),
    dbStorageGiB: param.int('Database storage, General Purpose SSD (gp3)', { min: 20, max: 65536, unit: 'GiB', default: 100 }),
    backupRetentionDays: param.int('Days RDS keeps automated backups (the source says 7 is the maximum; it is 35)', { min: 0, max: 35, unit: 'days', default: 7 }),
    dbName: param.name('The database in DATABASE_URL', { default: 'postgres', max: 63 }),
    vpcId: param.vpc('VPC for everything (default: the default VPC)', { optional: true }),
    subnetIds: param.string('Subnets for the database, the load balancer and the group, in two or more zones, comma-separated (default: one default subnet per zone)', {
      optional: true,
      pattern: SUBNET_LIST,
      max: 1024,
      expected: 'subnet ids separated by commas, such as subnet-0abc1234,subnet-0def5678',
    }),
    buildSubnetId: param.subnet('Subnet of the build instance (default: a default subnet of the VPC)', { optional: true }),
    buildInstanceType: param.instanceType('Build instance type (the source: t2.small, retired)', { default: 't3.small' }),
    amiId: param.awsId('ami', 'Base image of the build instance (the source: Ubuntu 14.04, retired; default: the current Ubuntu LTS)', { optional: true }),
    ref: param.string('Branch, tag or commit to build', { default: 'master', pattern: GIT_REF, expected: 'a git branch, tag or commit such as master or v1.0.1' }),
    analyticsId: param.string('ANALYTICS_ID: your Google Analytics id, if you have one', { optional: true, pattern: /^[A-Za-z0-9-]{1,40}$/, expected: 'an id such as UA-12345678-1 or G-ABC123' }),
    bucket: param.string("The aquamark bucket: the instances' role may read and write it (instead of an IAM user's keys in the config)", { default: 'aquamark', pattern: BUCKET, max: 63, expected: 'an S3 bucket name' }),
    watchdogMailTo: param.string('The watchdog emails this address (without it the watchdog is not set up)', { optional: true, pattern: EMAIL, expected: 'an email address' }),
    smtpHost: param.hostname('SMTP server of the watchdog and the daemons', { optional: true, requiredWhen: { describe: 'watchdogMailTo or backupInstanceName is given', test: (p) => Boolean(p.watchdogMailTo || p.backupInstanceName || p.backupInstanceId) } }),
    smtpPort: param.port('SMTP port (with Amazon SES never 25: it is throttled)', { default: 587 }),
    smtpUser: param.string('SMTP user name', { optional: true, pattern: /^[A-Za-z0-9._@+=,:/-]{1,128}$/, expected: 'a user name of letters, digits and ._@+=,:/-', requiredWhen: { describe: 'smtpHost is given', test: (p) => Boolean(p.smtpHost) } }),
    smtpPassword: param.string('SMTP password: written only into the config files on the hosts', { optional: true, secret: true, pattern: /^[^\n\r"\\]{1,256}$/, requiredWhen: { describe: 'smtpHost is given', test: (p) => Boolean(p.smtpHost) } }),
    mailFrom: param.string('The sender of the emails (default: watchdogMailTo)', { optional: true, pattern: EMAIL, expected: 'an email address' }),
    imageName: param.string('Name of the image, and of the launch template and the group made from it (the source: aq-web-v<version>-<build>)', {
      default: 'aq-web-v1.0.1-1',
      pattern: IMAGE_NAME,
      expected: 'a name such as aq-web-v1.0.1-1: 3 to 128 letters, digits, dots, dashes and underscores',
    }),
    terminateBuildInstance: param.boolean('Terminate the build instance once its image is available (the source: "You can now delete the instance")', { default: false }),
    webInstanceType: param.instanceType("The group's instance type", { default: 't3.small' }),
    publicAddresses: param.boolean('The subnets have no NAT: give each web instance a public address (the source\'s reason); otherwise they get none', { default: false }),
    minSize: param.int('Auto Scaling group: fewest instances', { min: 1, max: 100, default: 2 }),
    maxSize: param.int('Auto Scaling group: most instances', { min: 1, max: 100, default: 4 }),
    desiredCapacity: param.int('Auto Scaling group: instances to start with', { min: 1, max: 100, default: 2 }),
    certificateArn: param.string('ACM certificate for HTTPS on 443 (without it: HTTP only, with a warning)', { optional: true, pattern: CERTIFICATE_ARN, expected: 'an ACM certificate ARN' }),
    dnsName: param.hostname('The site\'s DNS name, pointed at the load balancer', { optional: true }),
    dnsZone: param.hostedZone('Route53 zone of dnsName: an alias record is written there; without it a manual step gives the exact record', { optional: true }),
  },
  validate(p) {
    if (Number(p.minSize) > Number(p.desiredCapacity) || Number(p.desiredCapacity) > Number(p.maxSize))
      return `Parameters minSize, desiredCapacity and maxSize: expected minSize <= desiredCapacity <= maxSize (got ${p.minSize}, ${p.desiredCapacity}, ${p.maxSize}).`;
    if (p.dnsZone && !p.dnsName) return 'Parameter dnsZone: expected dnsName with it (the name the alias record gets).';
    if (p.backupInstanceId && p.backupInstanceName) return 'Parameters backupInstanceId and backupInstanceName: expected one of them.';
    if (p.smtpPort === 25 && typeof p.smtpHost === 'string' && p.smtpHost.includes('amazonaws.com'))
      return 'Parameter smtpPort: Amazon SES throttles port 25; use 587 (the source\'s warning).';
    return undefined;
  },
  steps: (params) => {
    // The network and the three security groups: the load balancer's (80 and 443 from anywhere),
    // the web servers' (80 from the load balancer only, no SSH: SSM), the database's (5432 from the web servers only).
    const network = ec2.network('network', { covers: 'build-instance', vpcId: params.vpcId, subnetId: params.buildSubnetId });
    const zones = ec2.subnets('subnets', { covers: 'rds-sg, asg-3.2.1.1', purpose: 'the database, the load balancer and the group', vpcId: network.out.vpcId, subnetIds: params.subnetIds });
    const lbGroup = ec2.securityGroup('lb-security-group', {
      covers: 'lb-1.2',
      name: 'aquamark-load-balancer',
      description: 'Aquamark load balancer: HTTP and HTTPS from anywhere',
      vpcId: network.out.vpcId,
      ingress: [
        { protocol: 'tcp', fromPort: 80, from: '0.0.0.0/0', description: 'HTTP (the application redirects to HTTPS)' },
        { protocol: 'tcp', fromPort: 443, from: '0.0.0.0/0', description: 'HTTPS' },
      ],
    });
    const webGroup = ec2.securityGroup('web-security-group', {
      covers: 'asg-3.1.4',
      name: 'aquamark-web',
      description: 'Aquamark web servers: HTTP from the load balancer only',
      vpcId: network.out.vpcId,
      ingress: [{ protocol: 'tcp', fromPort: HTTP_PORT, from: lbGroup.out.groupId, description: 'HTTP from the load balancer' }],
    });
    const dbGroup = ec2.securityGroup('db-security-group', {
      covers: 'rds-sg',
      name: 'aquamark-database',
      description: 'Aquamark database: PostgreSQL from the web servers only',
      vpcId: network.out.vpcId,
      ingress: [{ protocol: 'tcp', fromPort: 5432, from: webGroup.out.groupId, description: 'PostgreSQL from the web servers' }],
    });

    // The database: the slow wait; everything up to the config runs beside it.
    const dbSubnets = rds.dbSubnetGroup('db-subnet-group', { covers: 'rds', name: params.dbIdentifier, description: 'Aquamark database (runbook aquamark-deploy)', subnetIds: zones.out.subnetIds });
    const db = rds.dbInstance('database', {
      covers: 'rds, rds-type, rds-id, rds-private, rds-backups',
      report: { endpoint: 'Database endpoint', masterSecretArn: 'Master password (Secrets Manager)' },
      identifier: params.dbIdentifier,
      engine: 'postgres',
      engineVersion: params.dbEngineVersion,
      instanceClass: params.dbInstanceClass,
      allocatedStorageGiB: params.dbStorageGiB,
      subnetGroupName: dbSubnets.out.name,
      securityGroupIds: [dbGroup.out.groupId],
      backupRetentionDays: params.backupRetentionDays,
      masterUsername: 'postgres',
    });
    const secret = secretsmanager.managedSecret('db-secret', { covers: 'build-4-database-url', what: "the database's master password", secretArn: db.out.masterSecretArn, owningService: 'rds' });

    // The instances' role: SSM, the bucket and the database's secret; no access keys anywhere.
    const profile = iam.ssmInstanceProfile('instance-profile', { covers: 'build-instance, asg-3.1.2.1', name: 'aquamark-web' });
    const access = iam.rolePolicy('instance-role-policy', {
      covers: 'build-4-aws-keys, asg-3.1.2.1',
      roleName: profile.out.roleName,
      policyName: 'aquamark-bucket-and-database-secret',
      buckets: [params.bucket],
      secretArns: [secret.out.secretArn],
    });

    const image = ec2.ami('machine-image', { covers: 'build-instance', amiId: params.amiId, instanceType: params.buildInstanceType, parameterByArch: UBUNTU_LTS });
    const build = ec2.instance('build-instance', {
      covers: 'build-instance',
      report: { instanceId: 'Build instance' },
      name: 'aquamark-build',
      imageId: image.out.imageId,
      instanceType: params.buildInstanceType,
      subnetId: network.out.subnetId,
      securityGroupIds: [webGroup.out.groupId],
      instanceProfileName: profile.out.instanceProfileName,
      rootVolume: { deviceName: image.out.rootDeviceName, sizeGiB: 20 },
      waitForSsm: true,
    });
    const on = build.out.instanceId;

    // The source's steps 1-3 on the build instance.
    const host = buildHost({
      prefix: '',
      what: 'the build instance',
      instanceId: on,
      repository: params.repository,
      ref: params.ref,
      covers: { deps: 'build-1, build-1-pip', key: 'build-2, build-2.1, build-2.2, build-2.3', addKey: 'build-2-add', build: 'build-3' },
    });

    // Step 4: aq.conf, DATABASE_URL built on the host from the endpoint and the secret; no access keys.
    const database = { DB_HOST: db.out.endpoint, DB_PORT: db.out.port, DB_NAME: params.dbName, SECRET_ARN: secret.out.secretArn };
    const configVars = { ...database, ANALYTICS_ID: firstOf(params.analyticsId, ''), APP_DIR, CONF_DIR, CONF_FILE, USER_NAME: LOGIN_USER };
    const config = ssm.script('write-config', {
      covers: 'build-4, build-4-analytics, build-4-database-url, build-4-aws-keys',
      title: 'Write aq.conf: DATABASE_URL built on the host from the secret, owner-only',
      after: [host.built, access],
      instanceId: on,
      probe: scripts.configReady.with(configVars),
      script: scripts.writeConfig.with(configVars),
    });
    const migrate = migration({ instanceId: on, after: [config], covers: 'build-5' });
    const { web, ping } = webServer({ instanceId: on, what: 'the build instance', after: [migrate], covers: { run: 'web-server', ping: 'web-ping' } });

    // The watchdog: its mail settings, its test email (confirmed by a person), then its cron job.
    const mail = { SMTP_HOST: firstOf(params.smtpHost, ''), SMTP_PORT: params.smtpPort, SMTP_USER: firstOf(params.smtpUser, ''), MAIL_FROM: firstOf(params.mailFrom, params.watchdogMailTo, ''), MAIL_TO: firstOf(params.watchdogMailTo, '') };
    const mailSecret = { SMTP_PASSWORD: firstOf<string>(params.smtpPassword) };
    const watchdogVars = { ...mail, APP_DIR, USER_NAME: LOGIN_USER };
    const hasWatchdog = given('watchdogMailTo');
    const watchdogConfig = ssm.script('watchdog-config', {
      covers: 'watchdog-config',
      title: "Write the watchdog's mail settings and install its dependencies",
      when: hasWatchdog,
      after: [ping],
      instanceId: on,
      probe: scripts.watchdogReady.with(watchdogVars),
      script: scripts.configureWatchdog.with(watchdogVars, mailSecret),
    });
    const watchdogTest = ssm.script('watchdog-test', {
      covers: 'watchdog-test',
      title: 'Send the watchdog\'s test email (watchdog.py --test)',
      when: hasWatchdog,
      after: [watchdogConfig],
      instanceId: on,
      probe: scripts.watchdogTested.with({ APP_DIR }),
      script: scripts.testWatchdog.with({ APP_DIR, USER_NAME: LOGIN_USER, MAIL_TO: mail.MAIL_TO }),
    });
    const emailArrived = manual('watchdog-email', {
      covers: 'watchdog-test',
      title: "Confirm that the watchdog's test email arrived",
      when: hasWatchdog,
      after: [watchdogTest],
      instructions: template(dir, 'instructions/watchdog-email.md'),
      vars: { MAIL_TO: mail.MAIL_TO, SMTP_HOST: mail.SMTP_HOST },
    });
    const cron = ssm.script('watchdog-cron', {
      covers: 'watchdog-cron',
      title: "Install the watchdog's cron job",
      when: hasWatchdog,
      after: [emailArrived],
      instanceId: on,
      probe: scripts.watchdogCronReady.with({ USER_NAME: LOGIN_USER }),
      script: scripts.installWatchdogCron.with({ APP_DIR, USER_NAME: LOGIN_USER }),
    });

    // The load balancer, made while the database and the image are awaited.
    const targets = elbv2.targetGroup('target-group', { covers: 'lb-1.3, lb-1.3-protocol, lb-1.3-port, lb-1.3-path', name: 'aquamark-web', vpcId: network.out.vpcId, protocol: 'HTTP', port: HTTP_PORT, healthCheckPath: HEALTH_PATH });
    const lb = elbv2.loadBalancer('load-balancer', {
      covers: 'lb, lb-1, lb-1.1',
      report: { dnsName: 'Load balancer DNS name' },
      name: 'aquamark',
      scheme: 'internet-facing',
      subnetIds: zones.out.subnetIds,
      securityGroupIds: [lbGroup.out.groupId],
    });
    const httpListener = elbv2.listener('http-listener', {
      covers: 'lb-1.2',
      when: given('certificateArn'),
      loadBalancerArn: lb.out.loadBalancerArn,
      port: 80,
      protocol: 'HTTP',
      targetGroupArn: targets.out.targetGroupArn,
    });
    const httpOnly = elbv2.listener('http-only-listener', {
      covers: 'lb-1.2',
      title: 'Listener on port 80, HTTP only (no certificateArn: a warning)',
      when: notGiven('certificateArn'),
      loadBalancerArn: lb.out.loadBalancerArn,
      port: 80,
      protocol: 'HTTP',
      targetGroupArn: targets.out.targetGroupArn,
      warnings: ['no certificateArn: the load balancer serves HTTP only; give an ACM certificate to add HTTPS on 443 (the source installs one)'],
    });
    const httpsListener = elbv2.listener('https-listener', {
      covers: 'lb-1.2',
      when: given('certificateArn'),
      loadBalancerArn: lb.out.loadBalancerArn,
      port: 443,
      protocol: 'HTTPS',
      targetGroupArn: targets.out.targetGroupArn,
      certificateArn: firstOf(params.certificateArn),
    });
    const alias = route53.record('dns-alias', {
      covers: 'lb-2, lb-2.1',
      title: 'Point the DNS name at the load balancer (Route53 alias)',
      when: both('dnsZone', 'dnsName'),
      zone: firstOf(params.dnsZone),
      name: firstOf(params.dnsName),
      type: 'A',
      alias: { dnsName: lb.out.dnsName, hostedZoneId: lb.out.canonicalHostedZoneId },
    });
    const dnsByHand = manual('dns-record', {
      covers: 'lb-2, lb-2.1',
      title: 'Point the DNS name at the load balancer (at your DNS provider)',
      when: { describe: 'dnsName is given without dnsZone', test: (p) => Boolean(p.dnsName && !p.dnsZone) },
      instructions: template(dir, 'instructions/dns-record.md'),
      vars: { DNS_NAME: firstOf(params.dnsName, ''), LB_DNS: lb.out.dnsName },
    });

    // The image of the build instance, once everything on it is done (the source allows the reboot).
    // The image is one of the slow waits: the launch template, which needs only its id, is made while EC2 builds it.
    const ami = ec2.image('image', {
      covers: 'ami, asg-1, asg-2, asg-2.1, asg-2.2, asg-2.3',
      title: 'Make the image of the build instance (reboots it)',
      report: { imageId: 'Image' },
      after: [ping, cron],
      instanceId: on,
      name: params.imageName,
      description: 'Aquamark web server, made by runbook aquamark-deploy',
      waitUntilAvailable: false,
    });
    const amiReady = ec2.imageAvailable('image-available', { covers: 'ami', imageId: ami.out.imageId, name: ami.out.name });
    const terminate = ec2.terminateInstance('terminate-build-instance', {
      covers: 'delete-instance',
      when: { describe: 'terminateBuildInstance is true', test: (p) => p.terminateBuildInstance === true },
      after: [amiReady],
      instanceId: on,
    });

    // The group: a launch template from the image (new accounts cannot make launch configurations), then the group behind the load balancer.
    const launchTemplate = ec2.launchTemplate('launch-template', {
      covers: 'asg-3, asg-3.1, asg-3.1.1, asg-3.1.2, asg-3.1.2.1, asg-3.1.2.2, asg-3.1.3, asg-3.1.4',
      name: params.imageName,
      imageId: ami.out.imageId,
      instanceType: params.webInstanceType,
      instanceProfileName: profile.out.instanceProfileName,
      securityGroupIds: [webGroup.out.groupId],
      rootVolume: { deviceName: image.out.rootDeviceName, sizeGiB: 20 },
      publicIp: params.publicAddresses,
    });
    const group = autoscaling.group('auto-scaling-group', {
      covers: 'asg-3, asg-3.2, asg-3.2.1, asg-3.2.1.1, asg-3.2.1.2',
      report: { name: 'Auto Scaling group' },
      name: params.imageName,
      launchTemplateId: launchTemplate.out.launchTemplateId,
      launchTemplateVersion: launchTemplate.out.version,
      subnets: zones.out.list,
      minSize: params.minSize,
      maxSize: params.maxSize,
      desiredCapacity: params.desiredCapacity,
      targetGroupArns: [targets.out.targetGroupArn],
      healthCheckGracePeriodSeconds: 300,
      after: [httpListener, httpOnly, httpsListener, amiReady],
    });
    const scaling = autoscaling.scalingPolicy('scaling-policy', {
      covers: 'asg-3.2.2',
      groupName: group.out.name,
      policyName: 'cpu-target-tracking',
      targetCpuPercent: params.targetCpuPercent,
    });
    const pingEveryServer = pingEveryInstance({ id: 'ping-every-web-server', groupName: group.out.name, after: [group], covers: 'asg-3.2.1.2' });
    const throughLb = pingThroughLoadBalancer({ url: lb.out.url, after: [group], covers: 'lb-1.3-path, asg-3.2.1.2' });

    const daemons = daemonSteps({
      backupInstanceId: params.backupInstanceId,
      backupInstanceName: params.backupInstanceName,
      repository: params.repository,
      ref: params.ref,
      mail,
      smtpPassword: params.smtpPassword,
      database,
      after: [migrate],
    });

    return [
      network, zones, lbGroup, webGroup, dbGroup, dbSubnets, db, secret, profile, access, image, build,
      ...host.steps, config, migrate, web, ping, watchdogConfig, watchdogTest, emailArrived, cron,
      targets, lb, httpListener, httpOnly, httpsListener, alias, dnsByHand, ami, amiReady, terminate, launchTemplate, group, scaling, pingEveryServer, throughLb, ...daemons,
    ];
  },
});
