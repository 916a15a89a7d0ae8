/**
 * Runbook `efs-shared-documents`: seed 000, "Elastic File System", steps
 * 1-36. A load-balanced OpenEMR-style PHP environment whose instances share
 * one documents folder on EFS, proven through the load balancer.
 *
 * The graph is the point: the file system, its security group and mount
 * targets read only the VPC and the instances' security group, never the
 * environment, so they are made while the environment launches.
 */
import { defineRunbook, eb, ec2, efs, files, http, iam, param, ssm } from '../../src/authoring/index.js';
import { DOCUMENTS_DIR, DOCUMENTS_URL_PATH, sampleBundle } from './sample.js';
import { scripts, here as dir } from './scripts.js';
import { decisions, sourceSteps } from './source-map.js';

const WEB_TIER_POLICY = 'arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier';
const SHARED_FILE = 'foobar.txt';
const NFS_PORT = 2049;
/** Elastic Beanstalk environment names: 4-40 letters, digits and hyphens, no hyphen at either end. */
const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/;
const PLATFORM_ARN = /^arn:aws[a-z-]*:elasticbeanstalk:[a-z0-9-]+::platform\/[A-Za-z0-9 .()_+-]+\/\d+\.\d+\.\d+$/;

export default defineRunbook({
  id: 'efs-shared-documents',
  title: 'Documents shared by every OpenEMR server on EFS',
  summary:
    'Builds a VPC with public subnets in two or more zones, an Elastic Beanstalk PHP environment with at least two instances, and an encrypted EFS file system with a mount target in every subnet (made while the environment launches); deploys a sample whose hook mounts the file system as its documents folder, creates a file on one instance through SSM, checks the mount on every instance, and requests the documents through the load balancer many times.',
  source: { file: '000_5ca29d32c4f75b96.txt', procedure: 'Elastic File System', steps: sourceSteps },
  dir,
  decisions,
  rehearsal: { params: {} },
  simulation: () => import('./simulation.js'),
  params: {
    vpcId: param.vpc('An existing VPC to use instead of building openemr-vpc (needs public subnets in subnetCount zones and DNS host names)', { optional: true }),
    vpcCidr: param.cidr('Block of the VPC the runbook builds; each subnet gets a sixteenth of it', { default: '10.0.0.0/16' }),
    subnetCount: param.int('Public subnets, each in its own Availability Zone (a load balancer needs two)', { min: 2, max: 6, default: 2 }),
    applicationName: param.name('Elastic Beanstalk application', { default: 'openemr', max: 100 }),
    environmentName: param.string('Elastic Beanstalk environment', {
      default: 'OpenEMR',
      expected: 'an environment name of 4-40 letters, digits and hyphens, not starting or ending with a hyphen',
      pattern: ENVIRONMENT_NAME,
    }),
    platformArn: param.string('Elastic Beanstalk platform version (default: the newest recommended PHP platform on Amazon Linux 2023)', {
      optional: true,
      expected: 'a platform ARN such as arn:aws:elasticbeanstalk:us-east-1::platform/PHP 8.4 running on 64bit Amazon Linux 2023/4.7.1',
      pattern: PLATFORM_ARN,
    }),
    minInstances: param.int('Minimum instances behind the load balancer', { min: 2, max: 20, default: 2 }),
    instanceType: param.instanceType('Instance type of the environment', { default: 't3.small' }),
    performanceMode: param.oneOf('EFS performance mode (cannot change later)', ['generalPurpose', 'maxIO'], { default: 'generalPurpose' }),
    requests: param.int('Rounds of requests for both documents through the load balancer', { min: 2, max: 500, default: 20 }),
    instanceProfile: param.name('An existing instance profile whose role has AmazonSSMManagedInstanceCore and AWSElasticBeanstalkWebTier (default: one is created)', {
      optional: true,
    }),
  },
  validate(p) {
    const prefix = Number(String(p.vpcCidr ?? '').split('/')[1]);
    if (p.vpcCidr !== undefined && !(prefix >= 16 && prefix <= 22))
      return 'Parameter vpcCidr: expected a block from /16 to /22 (each subnet gets a sixteenth of it, and a load balancer needs room in each).';
    return undefined;
  },
  steps: (params) => {
    const network = ec2.vpc('vpc', {
      covers: '1-3',
      title: 'VPC openemr-vpc with public subnets (or the given vpcId)',
      vpcId: params.vpcId,
      name: 'openemr-vpc',
      cidr: params.vpcCidr,
      subnetCount: params.subnetCount,
    });
    const profile = iam.ssmInstanceProfile('instance-profile', {
      covers: '17, 31',
      title: 'Instance profile for the web tier and SSM',
      existingProfile: params.instanceProfile,
      name: 'runbook-efs-shared-documents-web',
      managedPolicies: [WEB_TIER_POLICY],
    });
    const php = eb.platform('platform', { covers: '8', platformArn: params.platformArn, language: 'PHP', operatingSystem: '64bit Amazon Linux 2023' });
    const app = eb.application('application', {
      covers: '4-5',
      title: 'Elastic Beanstalk application {applicationName}',
      name: params.applicationName,
      description: 'OpenEMR with documents shared on EFS',
    });
    const instancesGroup = ec2.securityGroup('instances-security-group', {
      covers: '12',
      name: 'openemr-instances',
      description: 'OpenEMR instances: the group the file system admits',
      vpcId: network.out.vpcId,
      ingress: [],
    });
    const encryption = ec2.ebsEncryptionByDefault('volume-encryption', { covers: '17' });
    const env = eb.environment('environment', {
      covers: '6-17',
      title: 'Load-balanced PHP environment {environmentName}, Ready',
      // The instances' volumes are made at launch: encrypted only if the region says so by then.
      after: [encryption],
      application: app.out.applicationName,
      name: params.environmentName,
      platformArn: php.out.platformArn,
      vpcId: network.out.vpcId,
      subnetIds: network.out.subnetIds,
      securityGroupIds: [instancesGroup.out.groupId],
      instanceProfile: profile.out.instanceProfileName,
      instanceType: params.instanceType,
      minInstances: params.minInstances,
      report: { url: 'Application URL (load balancer)' },
    });
    const nfsGroup = ec2.securityGroup('nfs-security-group', {
      covers: '19',
      name: 'openemr-efs-nfs',
      description: 'NFS to the OpenEMR documents from the OpenEMR instances only',
      vpcId: network.out.vpcId,
      ingress: [{ protocol: 'tcp', fromPort: NFS_PORT, from: instancesGroup.out.groupId, description: 'NFS from openemr-instances' }],
    });
    const documents = efs.fileSystem('file-system', { covers: '18, 20-22', name: 'openemr-documents', performanceMode: params.performanceMode, tags: { 'OpenEMR-EFS': 'Documents' }, report: { fileSystemId: 'Documents file system' } });
    const targets = efs.mountTargets('mount-targets', { covers: '19', fileSystemId: documents.out.fileSystemId, subnetIds: network.out.subnetIds, securityGroupIds: [nfsGroup.out.groupId] });
    const bundle = files.folder('sample-bundle', {
      covers: '23-27',
      title: 'Write the sample bundle (page, Test.png, EFS config and mount hook)',
      name: 'bundle',
      report: { path: 'Sample bundle written' },
      ...sampleBundle(dir, { fileSystemId: documents.out.fileSystemId, region: documents.out.region }),
    });
    const deploy = eb.deployFolder('deploy', {
      covers: '28-30',
      title: 'Upload and deploy the bundle as version OpenEMR',
      // The hook mounts the file system: its mount targets must be there first.
      after: [targets],
      application: app.out.applicationName,
      environment: env.out.environmentName,
      sourceDir: bundle.out.path,
      versionLabel: 'OpenEMR',
    });
    const instances = eb.environmentInstances('environment-instances', {
      covers: '31',
      title: 'Find the environment\'s instances (SSM online)',
      after: [deploy],
      environment: env.out.environmentName,
    });
    const fileVars = { DOCUMENTS_DIR, FILE_NAME: SHARED_FILE };
    const sharedFile = ssm.script('shared-file', {
      covers: '31-32',
      title: `Create ${SHARED_FILE} in the documents folder on one instance`,
      instanceId: instances.out.firstInstanceId,
      probe: scripts.sharedFileExists.with(fileVars),
      script: scripts.createSharedFile.with(fileVars),
    });
    const mounted = ssm.verify('documents-mount', {
      covers: '32',
      title: 'Verify: the documents folder is the file system on every instance (mountpoint)',
      instanceIds: instances.out.instanceIds,
      probe: scripts.documentsMount.with({ DOCUMENTS_DIR, FILE_SYSTEM_ID: documents.out.fileSystemId }),
      expect: ssm.outputLineIs('efs-mounted'),
    });
    const check = http.repeatedGet('documents-check', {
      covers: '33-36',
      title: 'Verify: Test.png and foobar.txt through the load balancer, every time',
      after: [sharedFile, mounted],
      baseUrl: env.out.url,
      paths: [`${DOCUMENTS_URL_PATH}/Test.png`, `${DOCUMENTS_URL_PATH}/${SHARED_FILE}`],
      requests: params.requests,
    });
    return [network, profile, php, app, instancesGroup, encryption, env, nfsGroup, documents, targets, bundle, deploy, instances, sharedFile, mounted, check];
  },
});
