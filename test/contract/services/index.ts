/**
 * Every sandbox service the contract suite holds to moto: one entry each.
 * A new service joins with one file exporting its ServiceContract and one
 * line here; the suite then fails until every operation it simulates is in
 * a scenario or in its notInMoto list.
 */
import type { ServiceContract } from '../harness.js';
import { ec2Compute } from './ec2-compute.js';
import { ec2Network } from './ec2-network.js';
import { efsContract } from './efs.js';
import { elasticBeanstalkContract, iamContract, route53Contract, s3Contract, ssmContract, stsContract } from './others.js';
import { autoscalingContract, elbv2Contract, inlinePolicyScenario, launchTemplateScenarios, rdsContract, secretsManagerContract } from './web-tier.js';

export const CONTRACTS: readonly ServiceContract[] = [
  { service: 'ec2', scenarios: [...ec2Network, ...ec2Compute, ...launchTemplateScenarios] },
  efsContract,
  { ...iamContract, scenarios: [...iamContract.scenarios, inlinePolicyScenario] },
  route53Contract,
  ssmContract,
  s3Contract,
  stsContract,
  elasticBeanstalkContract,
  rdsContract,
  secretsManagerContract,
  elbv2Contract,
  autoscalingContract,
];
