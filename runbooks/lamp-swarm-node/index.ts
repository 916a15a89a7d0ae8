/**
 * Runbook `lamp-swarm-node`: seed 002, "Preparing Resources on AWS" and its
 * "EC2 Commands". One Docker Swarm node on Amazon Linux 2023: SSM instance
 * profile, the swarm security group, termination protection, an encrypted
 * data volume mounted at /data with Docker's data on it, an Elastic IP, the
 * host name and its DNS record; a manager initializes the swarm, a worker
 * joins the manager with a token read at run time.
 */
import { defineRunbook, derived, ec2, firstOf, manual, param, route53, ssm, TAG_RUNBOOK, template } from '../../src/authoring/index.js';
import { DISK_BY_ID, sharedScripts } from '../shared/ebs.js';
import { scripts, here as dir } from './scripts.js';
import { decisions, sourceSteps } from './source-map.js';
import { isNumbered, nthName } from './names.js';

const ID = 'lamp-swarm-node';

const LOGIN_USER = 'ec2-user';
const MOUNT_POINT = '/data';
const DATA_ROOT = '/data/docker';
const DATA_DEVICE = '/dev/sdf';
const ROLE_TAG = 'lamp:swarm-role';
const DOCKER_FILES = { OVERRIDE: '/etc/systemd/system/docker.service.d/override.conf', DAEMON_JSON: '/etc/docker/daemon.json', DATA_ROOT };
/** Workers joined in one run; more is a second run, or an Auto Scaling group. */
const MAX_WORKERS = 10;
const SWARM_TOKEN = '^SWMTKN-1-[0-9a-z]+-[0-9a-z]+$';

const AMAZON_LINUX_2023 = {
  x86_64: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
  arm64: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
};

const isWorker = { describe: 'role is worker', test: (p: Record<string, unknown>) => p.role === 'worker' };
const isManager = { describe: 'role is manager', test: (p: Record<string, unknown>) => p.role === 'manager' };
const hasZone = { describe: 'hostedZone is given', test: (p: Record<string, unknown>) => Boolean(p.hostedZone) };

export default defineRunbook({
  id: ID,
  title: 'A Docker Swarm node for the LAMP platform on EC2',
  summary:
    'Launches a Docker Swarm node on Amazon Linux 2023 with an SSM instance profile, termination protection, the swarm security group, an encrypted data volume at /data holding Docker\'s data, an Elastic IP and its DNS record; sets the host name and the Docker daemon (API on the private address only), then initializes the swarm on a manager or joins a worker to its manager.',
  source: { file: '002_6d0e6b26ceddd92d.txt', procedure: 'Preparing Resources on AWS', steps: sourceSteps },
  dir,
  decisions,
  rehearsal: { params: { dnsName: 'node-01.example.com', hostedZone: 'example.com' } },
  simulation: () => import('./simulation.js'),
  params: {
    dnsName: param.hostname("The node's DNS name (the source's MY_DNS_NAME): its host name, Name tag and DNS record", { example: 'node-01.example.com' }),
    role: param.oneOf('manager: the first node, initializes the swarm; worker: joins the manager', ['manager', 'worker'] as const, { default: 'manager' }),
    workers: param.count("For a worker: how many to launch and join in this run; the first is named dnsName, and each next one counts the number ending dnsName's first label up (node-01, node-02, ...)", { max: MAX_WORKERS, unit: 'instances' }),
    managerInstanceId: param.awsId('i', 'For a worker: the manager to join (default: the running manager this runbook made, found by its tags)', { optional: true }),
    instanceType: param.instanceType('Instance type; the source asks for at least a t2.medium (2 vCPUs, 4 GiB)', { default: 't3.medium' }),
    dataVolumeSizeGiB: param.int('Size of the encrypted data volume mounted at /data; the source recommends 1 TB', { min: 64, max: 16384, unit: 'GiB', default: 1024 }),
    hostedZone: param.hostedZone('Route53 hosted zone (id or name) for the DNS record; without it a manual step names the record to create', { optional: true }),
    keyName: param.name('Create this EC2 key pair for the instance; its private key is written once, owner-only, to <state-dir>/output/lamp-swarm-node/<keyName>.pem', { optional: true }),
    amiId: param.awsId('ami', 'Machine image (default: the current Amazon Linux 2023); it must have dnf or yum', { optional: true }),
    vpcId: param.vpc('VPC to run in (default: the account default VPC); every node of a swarm must be in the same VPC', { optional: true }),
    subnetId: param.subnet('Subnet for the instance (default: a default subnet of the VPC)', { optional: true }),
  },
  validate(p) {
    if (p.managerInstanceId && p.role !== 'worker') return 'Parameter managerInstanceId: expected only with role=worker; a manager initializes its own swarm.';
    const workers = Number(p.workers ?? 1);
    if (workers > 1 && p.role !== 'worker') return `Parameter workers: ${workers} only with role=worker; a swarm has one manager, which initializes it.`;
    if (workers > 1 && !isNumbered(String(p.dnsName))) return `Parameter dnsName: with workers=${workers} its first label must end in a number (node-01.example.com), which each further worker counts up from.`;
    return undefined;
  },
  steps: (params, counts) => {
    const fleet = counts.workers > 1;
    const self = (protocol: 'tcp' | 'udp', port: number, description: string) => ({ protocol, fromPort: port, from: 'self', description });
    const key = ec2.keyPair('key-pair', { covers: '1.key', title: 'Create the key pair (private key written once, owner-only)', when: { describe: 'keyName is given', test: (p) => Boolean(p.keyName) }, keyName: firstOf(params.keyName), report: { privateKeyFile: 'Private key file' } });
    const manager = ec2.findInstance('find-manager', {
      covers: 'ec2.swarm-join',
      when: isWorker,
      what: 'the swarm manager',
      instanceId: params.managerInstanceId,
      tags: { [TAG_RUNBOOK]: ID, [ROLE_TAG]: 'manager' },
    });
    const machine = ec2.managedInstance({
      network: { covers: '1', vpcId: params.vpcId, subnetId: params.subnetId },
      profile: { covers: '1.iam', name: 'runbook-lamp-swarm-node-ssm' },
      securityGroup: {
        id: 'swarm-security-group',
        covers: '1.sg, 1.sg.http, 1.sg.https, 1.sg.2375, 1.sg.2376, 1.sg.2377, 1.sg.7946-tcp, 1.sg.7946-udp, 1.sg.4789',
        name: 'docker-swarm',
        description: 'Docker Swarm nodes of the LAMP platform',
        ingress: [
          { protocol: 'tcp', fromPort: 80, from: '0.0.0.0/0', description: 'HTTP' },
          { protocol: 'tcp', fromPort: 443, from: '0.0.0.0/0', description: 'HTTPS' },
          self('tcp', 2375, 'Docker daemon API'),
          self('tcp', 2376, 'Docker Machine'),
          self('tcp', 2377, 'Docker Swarm management'),
          self('tcp', 7946, 'Docker Swarm node communication'),
          self('udp', 7946, 'Docker Swarm node communication'),
          self('udp', 4789, 'Docker overlay network'),
        ],
      },
      image: { covers: '1.ami', amiId: params.amiId, parameterByArch: AMAZON_LINUX_2023 },
      instance: {
        covers: '1, 1.type, 1.protection',
        title: fleet ? 'Launch worker 1, termination protection on' : 'Launch the instance, termination protection on',
        // Ordering only (a skipped step does not skip this one): the key pair exists, and a worker's manager was found, before anything is launched.
        after: [key, manager],
        name: params.dnsName,
        instanceType: params.instanceType,
        keyName: params.keyName,
        rootVolumeGiB: 20,
        terminationProtection: true,
        tags: { [ROLE_TAG]: params.role },
        report: fleet ? { instanceId: 'Worker 1 instance', privateIp: 'Worker 1 private address' } : { instanceId: 'Node instance', privateIp: 'Private address' },
      },
    });
    const token = ssm.readSecret('join-token', {
      covers: 'ec2.swarm-join',
      when: isWorker,
      instanceId: manager.out.instanceId,
      what: 'the worker join token',
      script: scripts.swarmJoinToken.with(),
      pattern: SWARM_TOKEN,
    });
    const nodes = Array.from({ length: counts.workers }, (_, i) => node(i + 1));
    const members = nodes.map((n) => n.host);
    const every = !fleet ? { instanceId: members[0]!.out.instanceId } : { instanceIds: members.map((m) => m.out.instanceId), maxConcurrency: '50%' };
    const checks = nodes.flatMap((n) => n.ready);
    const dockerActive = ssm.verify('docker-active', { covers: '2.restart, ec2.start', title: `Verify: Docker is active${fleet ? ' on every worker' : ''}`, after: checks, ...every, probe: scripts.dockerActive.with(), expect: ssm.outputLineIs('active') });
    const swarmRole = ssm.verify('swarm-state', {
      covers: '2.swarm-init, ec2.swarm-join',
      title: `Verify: the swarm state is what the role asks for${fleet ? ', on every worker' : ''}`,
      after: checks,
      ...every,
      probe: scripts.swarmRole.with({ ROLE: params.role }),
      expect: ssm.succeeds('the node has its swarm role'),
    });
    const listed = ssm.verify('manager-lists-workers', {
      covers: 'ec2.swarm-join',
      title: "Verify: the manager lists the run's workers as Ready",
      when: isWorker,
      after: checks,
      instanceId: manager.out.instanceId,
      probe: scripts.swarmNodesReady.with({ NODE_NAMES: derived(nodes.map((n) => n.name), 'the workers\' names', (names: string[]) => names.join(' ')) }),
      expect: ssm.succeeds('every worker of this run is a Ready node of the swarm'),
    });
    return [key, manager, ...machine.steps, token, ...nodes.flatMap((n) => n.steps), dockerActive, swarmRole, listed];

    /** One node: the first keeps the plain step ids, the nth worker's carry `-n`. */
    function node(n: number) {
      const at = (id: string) => (n === 1 ? id : `${id}-${n}`);
      // In a fleet each worker's steps say whose they are: the plan and the progress list hold them side by side.
      const titled = (title: string) => (fleet ? `${title} (worker ${n})` : title);
      const name = n === 1 ? params.dnsName : derived(params.dnsName, `dnsName counted up to worker ${n}`, (first: string) => nthName(first, n));
      const host = n === 1 ? machine.instance : machine.another(at('launch-instance'), { name, title: `Launch worker ${n}, termination protection on`, report: { instanceId: `Worker ${n} instance`, privateIp: `Worker ${n} private address` } });
      const on = host.out.instanceId;
      const data = ec2.volume(at('data-volume'), {
        covers: '1.ebs',
        title: titled('Create and attach the encrypted data volume'),
        name,
        instanceId: on,
        availabilityZone: host.out.availabilityZone,
        sizeGiB: params.dataVolumeSizeGiB,
        device: DATA_DEVICE,
      });
      const address = ec2.elasticIp(at('elastic-ip'), { covers: '1.eip', title: titled('Allocate and associate the Elastic IP'), name, instanceId: on, report: { publicIp: fleet ? `Worker ${n} Elastic IP` : 'Elastic IP' } });

      const deviceVars = { VOLUME_ID: data.out.volumeId, API_DEVICE: data.out.device, DISK_BY_ID, MOUNT_POINT };
      const mount = ssm.script(at('mount-data'), {
        covers: 'ec2.lsblk, ec2.mkfs, ec2.mount, ec2.fstab, ec2.mount-a',
        title: titled('Format (only if empty), list in fstab once and mount the data volume'),
        instanceId: on,
        probe: scripts.dataVolumeMounted.with({ ...deviceVars, FSTAB: '/etc/fstab' }),
        script: scripts.mountData.with({ ...deviceVars, FSTAB: '/etc/fstab' }),
      });
      const hostnameVars = { DNS_NAME: name, KEEP_HOSTNAME: '/etc/cloud/cloud.cfg.d/99-runbook-hostname.cfg' };
      const hostname = ssm.script(at('set-hostname'), {
        covers: '2, 2.hostname, ec2.hostname',
        title: titled('Set the host name'),
        instanceId: on,
        probe: scripts.hostnameIs.with(hostnameVars),
        script: scripts.setHostname.with(hostnameVars),
      });
      const install = ssm.script(at('install-docker'), {
        covers: '2, 2.install, 2.usermod, ec2.install',
        title: titled('Install Docker (not started yet)'),
        instanceId: on,
        probe: scripts.dockerInstalled.with({ USER_NAME: LOGIN_USER }),
        script: scripts.installDocker.with({ USER_NAME: LOGIN_USER }),
      });
      const dockerVars = { ...DOCKER_FILES, PRIVATE_IP: host.out.privateIp, MOUNT_POINT };
      const configure = ssm.script(at('configure-docker'), {
        covers: '2, 2.override, 2.restart, ec2.docker-root, ec2.start',
        title: titled('Docker data on /data, API on the private address, start Docker'),
        after: [mount, hostname, install],
        instanceId: on,
        probe: scripts.dockerConfigured.with(dockerVars),
        script: scripts.configureDocker.with(dockerVars),
      });
      // Only the first node can be a manager: validate refuses workers > 1 unless role=worker.
      const init =
        n === 1
          ? [
              ssm.script('swarm-init', {
                covers: '2, 2.swarm-init',
                title: 'Initialize the swarm (manager)',
                when: isManager,
                after: [configure],
                instanceId: on,
                probe: scripts.swarmRole.with({ ROLE: 'manager' }),
                script: scripts.swarmInit.with({ PRIVATE_IP: host.out.privateIp }),
              }),
            ]
          : [];
      const join = ssm.script(at('swarm-join'), {
        covers: 'ec2.swarm-join',
        title: titled('Join the swarm as a worker'),
        when: isWorker,
        after: [configure],
        instanceId: on,
        probe: scripts.swarmRole.with({ ROLE: 'worker' }),
        // The token goes by reference (a SecureString the worker reads, deleted after), never in the command SSM records.
        script: scripts.swarmJoin.with({ MANAGER_IP: manager.out.privateIp }, { TOKEN: token.out.value }),
      });
      const dns = route53.record(at('dns-record'), {
        covers: '3',
        title: titled('Write the DNS record in Route53'),
        report: { name: fleet ? `Worker ${n} DNS name` : 'DNS name' },
        when: hasZone,
        zone: firstOf(params.hostedZone),
        name,
        type: 'A',
        values: [address.out.publicIp],
        ttl: 300,
      });
      const dnsByHand = manual(at('dns-record-manually'), {
        covers: '3',
        title: titled('Create the DNS record (by hand)'),
        when: { describe: 'hostedZone is not given', test: (p) => !p.hostedZone },
        instructions: template(dir, 'dns-instructions.md'),
        vars: { DNS_NAME: name, PUBLIC_IP: address.out.publicIp },
      });
      const ready = [...init, join];
      const dataSize = ssm.verify(at('data-volume-size'), {
        covers: '1.ebs, ec2.mount-a',
        title: titled('Verify: /data is the data volume, with its size'),
        after: ready,
        instanceId: on,
        probe: sharedScripts.dataVolumeSize.with({ ...deviceVars, SIZE_GIB: data.out.sizeGiB }),
        expect: ssm.succeeds('/data is the data volume with its size'),
      });
      const dnsAnswer = route53.resolves(at('dns-resolves'), { covers: '3', title: titled('Verify: Route53 answers the DNS name with the address'), zoneId: dns.out.zoneId, name: dns.out.name, type: 'A', values: [address.out.publicIp] });
      const own = n === 1 ? [] : [host];
      return { name, host, ready, steps: [...own, data, address, mount, hostname, install, configure, ...init, join, dns, dnsByHand, dataSize, dnsAnswer] };
    }
  },
});
