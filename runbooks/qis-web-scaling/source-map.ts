/**
 * The source's "2 server auto-scaling deployment" section, sentence by TODO,
 * the configure.sh paragraph of "Creating the QIS AMI" that it builds on, and
 * the "Elastic container service (ECS)" section; and the decisions taken
 * where the runbook does not do what the text says. The source numbers
 * nothing: its items are labelled here as a reader would point at them.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = [
  'configure-sh',
  'arch',
  'arch-scale',
  'launch-configuration',
  'scaling-group',
  'db-server',
  'web-server',
  'web-server-link',
  'lb-link',
  'reserved-instances',
  'ecs',
  'ecs-memcached',
  'ecs-postgres',
  'ecs-postgres-volume',
  'ecs-web',
  'ecs-images-volume',
  'ecs-not-working',
];

export const decisions: Decision[] = [
  {
    covers: 'configure-sh',
    decision:
      "Each server is enabled for its role by QIS's own deploy/aws/configure.sh, which the QIS image carries (configureScript, default /opt/qis/deploy/aws/configure.sh), sent through SSM Run Command rather than from CloudFormation. The source names the script but not its arguments: the runbook calls it with the role (db or web) and, for a web server, the database server's private address in QIS_DB_HOST, then checks that the role's services run (Postgres; Apache and Memcached). A host without the script fails the step with a sentence saying so (exit 3): nothing is installed in its place.",
  },
  {
    covers: 'arch',
    decision:
      "The servers live in qis-network's VPC: they are found by name (qis-vpc, the qis-subnet-* subnets, the VPC's default group and qis-internal-sg), so qis-network runs first. Both full-time servers sit in the first qis-subnet-*, in the default group and qis-internal-sg, without a key pair and with no SSH rule of their own: commands reach them through SSM only.",
  },
  {
    covers: 'arch-scale',
    decision:
      "Extra web servers come and go with the load through a target-tracking policy on the group's average CPU (targetCpuPercent, default 60%). Target tracking measures the group's own instances, so the group never shrinks below minSize (default 1): with none in it there would be no CPU to measure and it could never scale out. The full-time web server stays outside the group, so scaling in never terminates it.",
  },
  {
    covers: 'launch-configuration',
    decision:
      'A launch template, not a launch configuration (new accounts can no longer create launch configurations). It launches an image of the configured full-time web server, so an extra web server boots with the web role enabled and the database address set, with no script to run at boot; each instance gets a public address, since the qis-subnets have no NAT gateway and SSM must be reachable.',
  },
  { covers: 'db-server', decision: 'The database and image server is a full-time instance (qis-db-server) with a larger root volume (dbVolumeGiB, default 50 GiB; the QIS image\'s 5 GiB is the least), IMDSv2 only, encrypted, the SSM instance profile qis-server.' },
  {
    covers: 'web-server-link',
    decision:
      "Linked by what they share rather than by membership: the group launches the full-time web server's image, sits behind the same load balancer and measures its own CPU. Attaching the full-time server to the group would let scaling in and the group's health checks terminate it.",
  },
  {
    covers: 'lb-link',
    decision:
      "qis-lb is qis-network's load balancer (loadBalancerName). A classic one (loadBalancerType classic, the default): the group names it in LoadBalancerNames, so every extra web server is registered and checked there (ELB health checks), and the full-time web server is registered with RegisterInstancesWithLoadBalancer. An Application Load Balancer (loadBalancerType application, as qis-network makes it with the same parameter): the group and the full-time web server join its target group qis-lb instead (RegisterTargets). Each step waits until its instances are healthy there.",
  },
  {
    covers: 'reserved-instances',
    decision:
      "Not a step: reserved instances (or a Savings Plan) are a purchase, not a change to the deployment, and commit the account for one or three years. Once the architecture has proved itself, buy them for the full-time servers' instance types (dbInstanceType, webInstanceType) in the region; the instances then pay the reserved price with no change to them. The extra web servers stay on demand.",
  },
  {
    covers: 'ecs, ecs-memcached, ecs-postgres, ecs-postgres-volume, ecs-web, ecs-images-volume',
    decision: 'The ECS task is not registered: the source says its task definition does not work, and qis-ecs-task.json is not in it. The deployment runs on EC2 instances instead, each service in its role.',
  },
  { covers: 'ecs-not-working', decision: 'Taken at its word: nothing is deployed on ECS until the task definition works; the runbook does not guess at a fix.' },
];
