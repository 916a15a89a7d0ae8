/**
 * The source's "VPC configuration", "Security groups" and "Load balancer"
 * sections, bullet by bullet, and the decisions taken where the runbook does
 * not do what the text says. The source numbers nothing; its bullets are
 * labelled here as a reader would point at them: `vpc-*`, `subnet-*`,
 * `gateway-*`, `route-*`, `sg-*` and `lb-*`, each TODO by its section.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = [
  'vpc-todo',
  'vpc',
  'vpc-cidr',
  'subnets',
  'subnet-1a',
  'subnet-1b',
  'subnet-1c',
  'gateway',
  'gateway-attach',
  'gateway-id',
  'route-main',
  'route-default',
  'sg-default-name',
  'sg-default-id',
  'sg-lb',
  'sg-lb-http',
  'sg-lb-https',
  'sg-lb-egress',
  'sg-internal',
  'sg-internal-ingress',
  'sg-internal-egress',
  'sg-ssh',
  'sg-ssh-ingress',
  'lb-why',
  'lb-name',
  'lb-vpc',
  'lb-internal',
  'lb-http',
  'lb-https',
  'lb-https-plain',
  'lb-subnets',
  'lb-sg',
  'lb-ssl',
  'lb-ssl-openssl',
  'lb-health',
  'lb-instances',
  'lb-tags',
  'lb-apache-todo',
];

export const decisions: Decision[] = [
  {
    covers: 'vpc-todo',
    decision:
      'The simple layout is kept, and it does not open too much: a route to the internet opens nothing by itself; what can be reached is what the groups allow. Only qis-lb-sg takes traffic from the internet (80 and 443); qis-internal-sg admits only members of the default group; SSH comes only from operatorCidr. Flux7\'s six subnets (public and private, a route table each) would keep the servers off the internet altogether, at the price of a NAT gateway per zone; choose that when the servers must have no public address at all.',
  },
  { covers: 'vpc-cidr, subnet-1a, subnet-1b, subnet-1c', decision: 'vpcCidr is a parameter (default 192.168.0.0/16); each subnet is the next sixteenth of it (the source\'s /20s: .0, .16 and .32 of a /16). The zones are the region\'s own first two or three, in name order (subnetCount, default 3), and each subnet is named after its zone: qis-subnet-1a in us-east-1a or eu-west-1a.' },
  { covers: 'gateway-id, sg-default-id', decision: 'Nothing is noted down: each id is an output of its step, and the steps that need it read it from there.' },
  { covers: 'sg-lb-egress, sg-internal-egress', decision: 'Egress only to the default group: the step owns each group\'s egress, so the allow-all rule AWS gives every new group is revoked. The instances reach the internet through the default group\'s own egress, which stays as AWS made it.' },
  {
    covers: 'sg-ssh-ingress',
    decision:
      'SSH only from operatorCidr, which has no default (your external address, e.g. 203.0.113.7/32). The source\'s 0.0.0.0/0 is refused unless sshOpenToWorld=ssh-open-to-the-world names the risk; the rule then carries it in its description. Its egress is the default group too, like the other two groups.',
  },
  { covers: 'lb-why', decision: 'The load balancer is made whatever the architecture: every deployment the source describes has several web servers behind it.' },
  {
    covers: 'lb-name',
    decision:
      "A classic load balancer by default, as the source builds it: its design (port 443 to port 80 on every instance, instances registered directly) needs no more. loadBalancerType=application makes an Application Load Balancer qis-lb instead, with a target group qis-lb (HTTP 80, health check /) that both listeners forward to: what AWS recommends for new HTTP work (host and path rules, HTTP/2, per-target health, target groups an Auto Scaling group registers into), and the classic generation gets no new features.",
  },
  { covers: 'lb-internal', decision: 'Internet-facing (scheme internet-facing).' },
  { covers: 'lb-https-plain', decision: 'So the servers need no certificate: HTTPS ends at the load balancer, and HTTP 80 goes on to the instances.' },
  {
    covers: 'lb-ssl-openssl',
    decision:
      'The three openssl commands are done in memory: an RSA 2048 key, a SHA-256 certificate for certificateDomain signed by its own key, valid certificateDays, imported to ACM and named qis-lb-certificate. The private key never reaches state, logs or reports; it is written only when certificateKeyFile is given (mode 0600, never overwritten). With certificateArn your own certificate is used instead and nothing is made.',
  },
  { covers: 'lb-instances', decision: 'No instances are registered: the web servers come later (the auto scaling deployment).' },
  { covers: 'lb-tags', decision: 'The load balancer is tagged anyway (Name and the runbook tags): that is how a second run knows it as its own, and how destroy finds it.' },
  {
    covers: 'lb-apache-todo',
    decision:
      'What the operator changes on the servers, since all traffic reaches them on port 80: disable the port 443 virtual host (mod_ssl\'s ssl.conf, Listen 443) and serve QIS\'s 443 workers on port 80, then restart Apache. The README says how; the image is built without it.',
  },
];
