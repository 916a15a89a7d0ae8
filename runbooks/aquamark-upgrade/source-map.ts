/**
 * The "Upgrading" section's instructions, in its order, and the decisions
 * taken where the runbook does not do what the text says. The section has
 * no numbered list; its sentences are labelled by what they ask: `launch`,
 * `security-group`, `tunnel`, `ssh-key`, `connect`, `inspect`, `remove`,
 * `fetch`, `reset`, `checkout`, `build`, `watchdog`, `image-and-group`,
 * `load-balancer`, `delete-old`, `migrate`, `daemons`, `important`.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = [
  'launch',
  'security-group',
  'tunnel',
  'ssh-key',
  'connect',
  'inspect',
  'remove',
  'fetch',
  'reset',
  'checkout',
  'build',
  'watchdog',
  'image-and-group',
  'load-balancer',
  'delete-old',
  'migrate',
  'daemons',
  'important',
];

export const decisions: Decision[] = [
  {
    covers: 'launch',
    decision:
      "The former image is the one the serving group's launch template version launches (currentGroup, default aq-web-v1.0.1-1, the group aquamark-deploy made), or sourceImageId. t1.micro is retired: buildInstanceType defaults to t3.micro. The build instance gets the group's security group and instance profile (its role reads the database's secret), IMDSv2 and an encrypted root volume.",
  },
  { covers: 'security-group, ssh-key, connect', decision: 'No SSH, no key pair, no port 22: every command on the build instance is SSM Run Command, through the instance profile the group already uses.' },
  {
    covers: 'tunnel',
    decision:
      "With tryWebServices=true, a Session Manager port-forwarding session (lamp-ssm-tunnel's kind) from localPort to port 80 of the build instance, until Ctrl-C: encrypted like the source's SSH tunnel, with no port opened. Off by default, and in CI.",
  },
  { covers: 'inspect', decision: "docker inspect's output is kept in the run's evidence, the values of the container's environment redacted (aq.conf holds the database URL): the configuration aq.conf keeps is reused as it is." },
  { covers: 'remove', decision: 'docker rm -fv, once: a run made again finds the container started from the build of ref and leaves it.' },
  { covers: 'fetch, checkout', decision: "The fetch and the checkout are aquamark-deploy's build step (git fetch, checkout detached at ref, make): ref is a branch, tag or commit, checked before any call." },
  { covers: 'build', decision: "The image is built and the fresh aquamark container started by aquamark-deploy's own steps, then /ping is checked on the host." },
  { covers: 'watchdog', decision: 'The crontab is not installed again (the source says why); the runbook checks that the cron job, when there is one, still names a file the new checkout has, and fails with what to do otherwise.' },
  {
    covers: 'image-and-group',
    decision:
      'A launch template version instead of a launch configuration (new accounts cannot make them): a copy of the serving version with the new image, the default version left alone. The new group imageName (its name in the image, the source\'s aq-web-v<version>) has the serving group\'s subnets, sizes and grace period, and the CPU scaling policy.',
  },
  { covers: 'load-balancer', decision: "The new group joins the serving group's target group (blue/green). The step waits until its instances are healthy there; the run fails after healthyWaitMinutes with each target's health reason, before the old group is touched." },
  {
    covers: 'delete-old, important',
    decision:
      "After /ping answers through the load balancer, the old group is detached from the target group, its instances drain for the target group's deregistration delay (drainSeconds cuts it short), then it is deleted with ForceDelete and the step waits until none of its instances runs.",
  },
  { covers: 'migrate', decision: 'alembic upgrade head runs when migrations=true, in the new image on the build instance, after the swap as the source orders it.' },
  {
    covers: 'daemons',
    decision:
      "On the backup machine (backupInstanceId or backupInstanceName), the image is rebuilt at ref and the recalc and notify containers, made from the former build, are replaced by aquamark-deploy's daemon steps. Their config files are kept.",
  },
];
