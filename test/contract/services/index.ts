/**
 * Every sandbox service the contract suite holds to moto: one entry each.
 * A new service joins with one file exporting its ServiceContract and one
 * line here; the suite then fails until every operation it simulates is in
 * a scenario or in its notInMoto list.
 */
import type { ServiceContract } from '../harness.js';
import { cloudFormationContract } from './cloudformation.js';
import { ec2Compute } from './ec2-compute.js';
import { ec2Deletions, ec2VpcDeletions } from './ec2-deletions.js';
import { ec2Images } from './ec2-images.js';
import { ec2Snapshots } from './ec2-snapshots.js';
import { ec2Network } from './ec2-network.js';
import { efsContract } from './efs.js';
import { kmsContract } from './kms.js';
import { rdsContract } from './rds.js';
import { elasticBeanstalkContract, iamContract, route53Contract, s3Contract, stsContract } from './others.js';
import { ssmContract } from './ssm.js';
import { rdsDeletions } from './rds-deletions.js';
import { acmContract, elbContract } from './elb-acm.js';
import { elbInstanceScenarios, groupLoadBalancerScenarios, targetScenarios } from './elb-instances.js';
import { blueGreenNotInMoto, detachScenarios, launchTemplateVersionScenarios, targetGroupAttributeScenarios } from './blue-green.js';
import { autoscalingContract, elbv2Contract, inlinePolicyScenario, launchTemplateScenarios, rdsContract as rdsInstancesContract, secretsManagerContract } from './web-tier.js';

export const CONTRACTS: readonly ServiceContract[] = [
  // EC2 in lines of scenarios that run side by side (contract.test.ts): what runbooks make, what destroy and backups do, a VPC taken apart.
  { service: 'ec2', scenarios: [...ec2Network, ...ec2Compute, ...launchTemplateScenarios, ...launchTemplateVersionScenarios], notInMoto: blueGreenNotInMoto },
  { service: 'ec2', scenarios: [...ec2Snapshots, ...ec2Deletions, ...ec2Images] },
  { service: 'ec2', scenarios: ec2VpcDeletions },
  efsContract,
  { service: 'rds', scenarios: [...rdsDeletions] },
  { ...iamContract, scenarios: [...iamContract.scenarios, inlinePolicyScenario] },
  kmsContract,
  rdsContract,
  rdsInstancesContract,
  route53Contract,
  ssmContract,
  s3Contract,
  stsContract,
  elasticBeanstalkContract,
  cloudFormationContract,
  acmContract,
  { ...elbContract, scenarios: [...elbContract.scenarios, ...elbInstanceScenarios] },
  secretsManagerContract,
  { ...elbv2Contract, scenarios: [...elbv2Contract.scenarios, ...targetScenarios, ...targetGroupAttributeScenarios] },
  { ...autoscalingContract, scenarios: [...autoscalingContract.scenarios, ...groupLoadBalancerScenarios, ...detachScenarios] },
];
