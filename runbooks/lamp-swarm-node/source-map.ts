/**
 * The source's requirements list, items 1-3 (item 1's settings and rules
 * and item 2's commands one by one) and the "EC2 Commands" block, in its
 * order; and the decisions taken where the runbook does not do what the
 * text says. The requirements list numbers 2 and 3 twice: the second pair
 * is written req-2b and req-3b.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = [
  'req-1',
  'req-2',
  'req-3',
  'req-2b',
  'req-3b',
  'req-4',
  'MY_DNS_NAME',
  '1',
  '1.ami',
  '1.type',
  '1.iam',
  '1.protection',
  '1.ebs',
  '1.sg',
  '1.sg.http',
  '1.sg.https',
  '1.sg.2375',
  '1.sg.2376',
  '1.sg.2377',
  '1.sg.7946-tcp',
  '1.sg.7946-udp',
  '1.sg.4789',
  '1.key',
  '1.eip',
  '2',
  '2.install',
  '2.usermod',
  '2.hostname',
  '2.override',
  '2.restart',
  '2.swarm-init',
  '3',
  'ec2.lsblk',
  'ec2.mkfs',
  'ec2.mount',
  'ec2.fstab',
  'ec2.mount-a',
  'ec2.install',
  'ec2.docker-root',
  'ec2.hostname',
  'ec2.start',
  'ec2.swarm-join',
];

export const decisions: Decision[] = [
  {
    covers: 'req-1, req-2, req-3',
    decision:
      "Maximums the platform may need: they depend on the instance type's EBS bandwidth and the volume's provisioned performance. The runbook does not provision beyond gp3's baseline; choose instanceType (and raise the volume's IOPS and throughput) for a sustained load.",
  },
  { covers: 'req-2b, req-3b', decision: 'Met by the gp3 data volume, whose baseline is 3,000 IOPS and 125 MiB/s.' },
  { covers: 'req-4', decision: 'dataVolumeSizeGiB is refused below 64 GiB.' },
  { covers: 'MY_DNS_NAME', decision: 'The parameter dnsName, validated as a host name; it has no default because the source insists it be replaced.' },
  { covers: '1', decision: 'The instance is launched into the default VPC (or vpcId and subnetId) with a ClientToken derived from the run, so a resume never launches a twin.' },
  { covers: '1.ami', decision: 'Amazon Linux 2 reaches its end of support in 2026: the current Amazon Linux 2023 from its public SSM parameter, for the instance type\'s architecture; amiId overrides it (the scripts need dnf or yum).' },
  { covers: '1.type', decision: 't2 is a previous generation: t3.medium has the same 2 vCPUs and 4 GiB; instanceType overrides it.' },
  { covers: '1.sg', decision: 'One group, docker-swarm, per VPC, shared by every node of the swarm (its rules name the group itself); the step owns its ingress: missing rules are added, others revoked. No rule opens port 22.' },
  { covers: '1.sg.2375', decision: 'The Docker API listens on the private address only (see configure-docker), so this rule admits only the swarm\'s members.' },
  { covers: '1.key', decision: 'Optional (keyName): commands run through SSM and SSH goes through Session Manager (lamp-ssm-tunnel). A key pair that exists is used as it is.' },
  { covers: '2', decision: 'Every command runs through SSM Run Command as a script with a read-only probe: it runs only when the probe says it is needed.' },
  { covers: '2.install, ec2.install', decision: 'dnf (or yum) updates the system only with the first install. Docker is installed but not started until its data root is on the data volume.' },
  { covers: '2.hostname, ec2.hostname', decision: 'cloud-init is told to keep the name (preserve_hostname), or it would set the EC2 name again at the next boot.' },
  {
    covers: '2.override',
    decision:
      "Never tcp://0.0.0.0:2375: the API listens on the instance's private address, which only the swarm security group's members reach. The override's folder is created first (the source's tee failed without it), and $OPTIONS of /etc/sysconfig/docker is kept.",
  },
  { covers: '2.restart', decision: 'Docker is restarted only when its configuration changed, otherwise started.' },
  { covers: '2.swarm-init', decision: 'On a manager only (role=manager); a node already in a swarm is left as it is, a worker fails loudly. The init output, which holds the join token, is not printed.' },
  { covers: '3', decision: 'Automated with hostedZone (UPSERT, then waits for INSYNC, then asks Route53 what it answers); without it, a manual step names the record to create.' },
  { covers: 'ec2.lsblk', decision: 'The source assumed nvme1n1: the device is found by the volume id (/dev/disk/by-id on Nitro, the attachment name on Xen), never by a guessed name.' },
  { covers: 'ec2.mkfs', decision: 'Only when the device holds no file system; a device with a file system is never formatted (no -f, and mkfs.xfs refuses it too). A non-XFS file system, or a partition table, is refused.' },
  { covers: 'ec2.fstab', decision: 'Added by UUID once: a second run, or a different line for /data, never adds another.' },
  { covers: 'ec2.mount, ec2.mount-a', decision: 'No manual mount: mount -a mounts the volume from its fstab line, which proves the line works (the purpose of the source\'s umount and mount -a).' },
  { covers: 'ec2.docker-root', decision: 'data-root in /etc/docker/daemon.json instead of a symlink (ln -s into an existing /var/lib/docker nests the link instead of replacing it); set before Docker first starts.' },
  { covers: 'ec2.swarm-join', decision: 'On a worker (role=worker): the manager is found by its role tag (or managerInstanceId) and its worker token read at run time through SSM, kept in memory only, never in the state, reports or output; it reaches the worker as a SecureString parameter the worker reads and the run deletes, never inside the command SSM records.' },
];
