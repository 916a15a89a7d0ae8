/**
 * Runbook `qis-ami`: seed 004, "Creating the QIS AMI" and "AWS regions".
 * A builder from the current Fedora Cloud release (or the last good QIS
 * image), reached only through SSM; QIS installed by the operator's script
 * (or by hand); each item of the source's "but..." list checked on the host;
 * the image made, the builder terminated; the image copied into every region
 * of a list, side by side, each copy pulled from its destination region.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineRunbook, ec2, files, firstOf, manual, param, ssm, template, type HostScript } from '../../src/authoring/index.js';
import { EXAMPLE_INSTALL, HOST, here as dir, scripts } from './scripts.js';
import { decisions, sourceSteps } from './source-map.js';

const BUILDER = 'qis-ami-builder';
// EC2 also takes spaces, quotes and brackets in an image name; this runbook takes only what never needs quoting anywhere it goes.
const IMAGE_NAME = /^[A-Za-z0-9._/@-]{3,128}$/;
const REGIONS = /^[a-z]{2}(?:-[a-z]+)+-\d(?:,[a-z]{2}(?:-[a-z]+)+-\d)*$/;
const FILE = /^[^\n\r\0]+$/;
const INSTALL_MAX_BYTES = 48 * 1024;
const DESCRIPTION = 'QIS: every component installed, no service enabled (qis-ami)';

/** Fedora's account publishes its cloud images with no SSM parameter: the newest release by name. */
const FEDORA_CLOUD = {
  owner: '125523088429',
  nameByArch: { x86_64: 'Fedora-Cloud-Base-AmazonEC2.x86_64-*', arm64: 'Fedora-Cloud-Base-AmazonEC2.aarch64-*' },
  release: '^Fedora-Cloud-Base-AmazonEC2\\.(x86_64|aarch64)-\\d+-',
};

const hasScript = { describe: 'installScript is given', test: (p: Record<string, unknown>) => Boolean(p.installScript) };
const noScript = { describe: 'installScript is not given', test: (p: Record<string, unknown>) => !p.installScript };

export default defineRunbook({
  id: 'qis-ami',
  title: "QIS's machine image, in every region it serves",
  summary:
    'Launches a builder from the current Fedora Cloud release (or the last good QIS image) with a 5 GB encrypted root volume, the SSM instance profile, IMDSv2 and no SSH port; installs QIS with your script through SSM Run Command (or asks for it by hand); checks on the host that Apache, Memcached and PostgreSQL are installed but not enabled, the PostgreSQL cluster initialised with no database, logrotate configured, limits raised, SELinux enforcing, the package cache and temporary files gone and QIS not running; makes the image, terminates the builder, and copies the image into every region of a list side by side, each copy pulled from its destination region.',
  source: { file: '004_870db3c3aadd29f3.txt', procedure: 'Creating the QIS AMI', steps: sourceSteps },
  dir,
  decisions,
  rehearsal: { params: { installScript: EXAMPLE_INSTALL } },
  simulation: () => import('./simulation.js'),
  params: {
    imageName: param.string('Name of the image and of its copies; a new build (after tweaks) takes a new name', { default: 'qis', pattern: IMAGE_NAME, max: 128, expected: '3-128 letters, digits and . _ / @ -' }),
    regions: param.string('Regions to copy the image to, comma-separated (the source: from EU Ireland to EU Frankfurt); the build region among them is the image itself', {
      default: 'eu-west-1,eu-central-1',
      pattern: REGIONS,
      max: 512,
      expected: 'region names separated by commas, such as eu-west-1,eu-central-1',
    }),
    installScript: param.string("Your QIS install script (a file on this machine, at most 48 KiB), run once as root on the builder; without it a manual step asks for the install", { optional: true, pattern: FILE, max: 4096, expected: 'a file path' }),
    rootVolumeGiB: param.int("The builder's root volume: the image's, and the least an instance from it can have (the source: 5 GB)", { min: 5, max: 1024, unit: 'GiB', default: 5 }),
    instanceType: param.instanceType("The builder's instance type", { default: 't3.small' }),
    amiId: param.awsId('ami', 'Start the builder from this image instead of the current Fedora Cloud release', { optional: true }),
    baseImage: param.awsId('ami', 'Start from the last good QIS image, for further tweaks (then give a new imageName)', { optional: true }),
    vpcId: param.vpc("The builder's VPC (default: the region's default VPC)", { optional: true }),
    subnetId: param.subnet("The builder's subnet (default: a default subnet of the VPC); it must reach the internet and SSM", { optional: true }),
  },
  validate(p) {
    if (p.amiId && p.baseImage) return 'Parameter baseImage: give amiId or baseImage, not both; the builder starts from one image.';
    const script = p.installScript ? resolve(String(p.installScript)) : undefined;
    if (script && (!existsSync(script) || !statSync(script).isFile())) return `Parameter installScript: expected a file that exists, got '${String(p.installScript)}'.`;
    return undefined;
  },
  steps: (params) => {
    // The image ends the builder's life (it is terminated next): once the image is done, a resume keeps the builder's steps as recorded.
    const settledBy = 'image';
    const existing = ec2.builtImage('existing-image', { covers: 'image, tweaks', title: 'Is the image built? (then nothing is launched)', name: params.imageName, builderName: BUILDER });
    const { steps: launch, instance: builder } = ec2.managedInstance({
      network: { covers: 'launch', vpcId: params.vpcId, subnetId: params.subnetId },
      profile: { covers: 'launch', name: 'runbook-qis-ami-ssm' },
      securityGroup: { id: 'builder-security-group', covers: 'launch', name: BUILDER, description: 'QIS image builder: no inbound rule, reached through SSM only', ingress: [] },
      image: { covers: 'launch, tweaks', amiId: firstOf(params.baseImage, params.amiId), newestNamed: FEDORA_CLOUD },
      instance: {
        id: 'builder',
        covers: 'launch, storage, storage-minimum',
        title: 'Launch the builder: encrypted root volume, IMDSv2, SSM only',
        when: { describe: 'the image is not built yet', output: existing.out.build, holds: (build) => build === true },
        settledBy,
        name: BUILDER,
        instanceType: params.instanceType,
        rootVolumeGiB: params.rootVolumeGiB,
        report: { instanceId: 'Builder' },
      },
    });
    const on = builder.out.instanceId;

    // Install: the operator's script through Run Command, or by hand.
    const text = files.text('install-script', { covers: 'install', when: hasScript, path: firstOf(params.installScript), what: 'the install script', maxBytes: INSTALL_MAX_BYTES });
    const marker = { MARKER: HOST.MARKER, SCRIPT_SHA256: text.out.sha256 };
    const install = ssm.script('install-qis', {
      covers: 'install',
      title: 'Install QIS with your script (once per script)',
      when: hasScript,
      settledBy,
      instanceId: on,
      probe: scripts.qisInstalled.with(marker),
      script: scripts.installQis.with({ ...marker, INSTALL_SCRIPT: text.out.text }),
      timeoutSeconds: 3600,
    });
    const byHand = manual('install-qis-by-hand', { covers: 'install', title: 'Install QIS on the builder (by hand)', when: noScript, settledBy, instructions: template(dir, 'install-instructions.md'), vars: { INSTANCE_ID: on } });

    // The source's "but..." list, each its own check with the host's evidence.
    const check = (id: string, covers: string, what: string, probe: ReturnType<HostScript['with']>) =>
      ssm.verify(id, { covers, after: [install, byHand], settledBy, instanceId: on, probe, expect: ssm.succeeds(what) });
    const checks = [
      check('services-not-enabled', 'install-no-enable', 'Apache, Memcached and PostgreSQL are installed, none enabled', scripts.servicesNotEnabled.with()),
      check('postgres-initialised', 'install-postgres', 'the PostgreSQL cluster is initialised, with no database', scripts.postgresInitialised.with({ PGDATA: HOST.PGDATA })),
      check('logrotate-configured', 'install-logrotate', 'logrotate is configured for QIS', scripts.logrotateConfigured.with({ LOGROTATE_FILE: HOST.LOGROTATE_FILE })),
      check('limits-raised', 'install-limits', 'the open-files limit is raised', scripts.limitsRaised.with({ LIMITS_FILE: HOST.LIMITS_FILE, MIN_NOFILE: HOST.MIN_NOFILE })),
      check('selinux-enforcing', 'install-selinux', 'SELinux is enforcing', scripts.selinuxEnforcing.with()),
      check('cleaned-up', 'install-clean', 'the package cache and temporary files are gone', scripts.cleanedUp.with()),
      check('qis-not-running', 'install-stop', 'QIS is configured and not running', scripts.qisNotRunning.with({ QIS_DIR: HOST.QIS_DIR })),
    ];

    const image = ec2.image(settledBy, {
      covers: 'image, image-long-way',
      title: 'Make the image of the builder (reboots it) and wait until it is available',
      after: checks,
      instanceId: on,
      name: params.imageName,
      description: DESCRIPTION,
    });
    const terminate = ec2.terminateInstance('terminate-builder', { covers: 'image', title: 'Terminate the builder', after: [image], instanceId: on });
    const made = ec2.builtImage('qis-image', { covers: 'image', title: 'The image is built, its builder gone', after: [terminate], name: params.imageName, builderName: BUILDER, required: true, report: { imageId: 'QIS image' } });
    const copies = ec2.imageCopy('copy-to-regions', {
      covers: 'regions, regions-ids, regions-pull',
      sourceImageId: made.out.imageId,
      sourceRegion: made.out.region,
      regions: params.regions,
      name: params.imageName,
      description: DESCRIPTION,
      report: { imageIds: 'Image per region' },
    });
    return [existing, ...launch, text, install, byHand, ...checks, image, terminate, made, copies];
  },
});
