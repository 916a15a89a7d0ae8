/**
 * The source's "Creating the QIS AMI" and "AWS regions", bullet by bullet,
 * and the decisions taken where the runbook does not do what the text says.
 * The source numbers nothing; its bullets are labelled here as a reader would
 * point at them: `launch`, `storage*`, `install*`, `image*`, `tweaks`,
 * `configure-sh` and `regions*`.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = [
  'launch',
  'storage',
  'storage-minimum',
  'install',
  'install-no-enable',
  'install-postgres',
  'install-logrotate',
  'install-limits',
  'install-selinux',
  'install-stop',
  'install-clean',
  'image',
  'image-long-way',
  'tweaks',
  'configure-sh',
  'regions',
  'regions-ids',
  'regions-pull',
];

export const decisions: Decision[] = [
  {
    covers: 'launch',
    decision:
      'Fedora 21 (ami-413c5436) is long retired and its image is gone. The builder starts from the current Fedora Cloud release: the newest available image of Fedora\'s account (125523088429) named Fedora-Cloud-Base-AmazonEC2.<arch>-<release>-…, betas and Rawhide nightlies passed over. amiId names another image instead. The builder has the SSM instance profile, IMDSv2 required, an encrypted root volume and a security group with no inbound rule: no SSH port, every command goes through SSM Run Command.',
  },
  { covers: 'storage, storage-minimum', decision: 'rootVolumeGiB (default 5, the source\'s size) is the builder\'s root volume, so it is the image\'s and the smallest root volume an instance launched from it can have. Fedora Cloud\'s own image is 5 GiB, the least it takes.' },
  {
    covers: 'install',
    decision:
      'install.md is the product\'s, not this runbook\'s. installScript names the operator\'s install script (a file on this machine, at most 48 KiB): it is sent through SSM Run Command and run once as root; its SHA-256 on the host says it ran, so a second run does not run it again and a changed script runs anew. Without installScript a manual step asks for the install by hand on the builder (through Session Manager). sandbox/install-qis-example.sh is an example, and what the rehearsal runs. Either way each item of the source\'s "but..." list is then checked on the host, with its evidence, before the image is made.',
  },
  { covers: 'install-postgres', decision: 'The check reads the cluster without starting it: PG_VERSION in PGDATA, and only the three database directories initdb makes (template0, template1, postgres). The tuning values are install.md\'s and the script\'s to set; the example puts them in conf.d/qis-tuning.conf.' },
  { covers: 'install-limits', decision: 'Raised means the open-files limit (nofile, soft and hard) in /etc/security/limits.d/90-qis.conf is at least 65536, Fedora\'s default being 1024.' },
  { covers: 'install-selinux', decision: 'Configured means enforcing, now and in /etc/selinux/config: Fedora\'s default, which an install must not turn off. The booleans and file contexts QIS needs are the script\'s (the example: httpd_can_network_connect, and the log folder\'s context).' },
  { covers: 'install-clean', decision: 'On Fedora `yum clean all` is dnf\'s: the check finds no file left in the package caches (/var/cache/dnf, /var/cache/libdnf5, /var/cache/yum) and nothing in /tmp or /var/tmp but systemd\'s private folders of running services.' },
  {
    covers: 'image-long-way',
    decision:
      'The long way round is not needed: CreateImage snapshots every EBS volume of the instance itself and registers the image from those snapshots, which is what the long way does by hand (CreateSnapshot, then RegisterImage naming the snapshot, its device, architecture and virtualization type by hand, where a mistake makes an image that does not boot). The image reboots the builder first, so its file systems are consistent.',
  },
  {
    covers: 'tweaks',
    decision:
      'baseImage names the last good QIS image: the builder starts from it instead of Fedora, the install runs again only if installScript changed (or by hand), the checks run again, and the new image takes a new imageName. A second run with the same imageName finds the image built and launches nothing.',
  },
  { covers: 'configure-sh', decision: 'Enabling each server\'s services with deploy/aws/configure.sh is the next runbook\'s (qis-web-scaling), which finds this image by its tags: the README says how.' },
  { covers: 'regions-ids', decision: 'Each copy\'s id is an output, imageIds (region to image id, the build region\'s own included), shown in the run\'s summary.' },
  { covers: 'regions-pull', decision: 'Each CopyImage is sent in its destination region, naming the source region: a pull, as the note says; the copies are made side by side and each is waited for.' },
];
