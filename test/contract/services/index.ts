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
import { acmContract, elbContract } from './elb-acm.js';
import { elasticBeanstalkContract, iamContract, route53Contract, s3Contract, ssmContract, stsContract } from './others.js';

export const CONTRACTS: readonly ServiceContract[] = [
  { service: 'ec2', scenarios: [...ec2Network, ...ec2Compute] },
  efsContract,
  iamContract,
  route53Contract,
  ssmContract,
  s3Contract,
  stsContract,
  elasticBeanstalkContract,
  acmContract,
  elbContract,
];
