/**
 * The source procedure's numbered steps, in its order, and the decisions taken
 * where the runbook does not do what the text says. The source numbers 21 and
 * 22 twice; the second pair is written 21b and 22b. `todo-1`, `todo-2` and
 * `notes` are the source's TODO list and NOTES test program.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = [
  ...Array.from({ length: 23 }, (_, i) => String(i)),
  '21b',
  '22b',
  ...Array.from({ length: 15 }, (_, i) => String(i + 23)),
  'todo-1',
  'todo-2',
  'notes',
];

export const decisions: Decision[] = [
  { covers: '0', decision: 'Left blank in the source. The runbook finds the VPC and subnet (default VPC unless given) and creates or adopts an SSM instance profile; no key pair or ssh access is needed.' },
  { covers: '2', decision: "The 2017 Ubuntu 16.04 image is replaced by the current Ubuntu 24.04 LTS from Canonical's public SSM parameter, for the instance type's architecture; amiId overrides it." },
  { covers: '6', decision: 'A key pair is optional (keyName): every command runs through SSM Run Command.' },
  { covers: '17', decision: 'No ssh: the instance profile lets SSM Run Command run every command, so port 22 is never opened.' },
  { covers: '18', decision: 'newgrp and gpasswd only served the interactive ssh session; the script adds the login user to group docker once.' },
  { covers: '19', decision: 'docker create instead of docker run, with no restart policy: systemd alone starts the container, so there is one owner of its lifecycle. The image is a pinned parameter; data lives in a named volume.' },
  { covers: '20', decision: 'The unit file is the template redis-container.service with WantedBy=multi-user.target (the source had local.target, so Redis did not start at boot).' },
  { covers: '21b, 22b', decision: 'No launch-wizard group: the instance is launched straight into redis-security-group, so there is no group to find and edit.' },
  { covers: '23-26', decision: 'The one rule, TCP 6379, is written when the group is created, from allowedSecurityGroupId or allowedCidr (default the VPC CIDR), never from 0.0.0.0/0.' },
  { covers: '27-30', decision: 'No copy: the group is created directly as redis-security-group, "Restricted Redis security group", before the instance exists.' },
  { covers: '31-35', decision: 'No swap: launch-instance reads the group id, so the instance has only this group from its first second.' },
  { covers: '36', decision: 'The source installs a PHP 7.0 extension from a CentOS 6 repository. The config now builds phpredis with PECL against the PHP of current Elastic Beanstalk platforms (Amazon Linux 2023).' },
  { covers: '37', decision: 'Automated when ebApplication and ebEnvironment are given; a manual step with exact instructions when only appDir is given; skipped when there is no application folder.' },
  { covers: 'todo-1', decision: 'Fixed by steps 19-20 (systemd owns the container, WantedBy=multi-user.target); rebootCheck=true proves it by rebooting and running the checks again.' },
  { covers: 'todo-2', decision: 'Fixed: 6379 is allowed only from allowedSecurityGroupId or allowedCidr (default the VPC CIDR). A CIDR outside the private ranges (0.0.0.0/1, say) is refused as bad input unless allowPublicSource=true names the risk; 0.0.0.0/0 is refused always.' },
  { covers: 'notes', decision: 'The session test program becomes an HTTP check: with sessionCheckUrl, ten requests with one cookie must count 0 to 9.' },
];
