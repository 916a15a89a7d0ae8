/**
 * Runbook `office-access`, written from outside the runbook package as a team
 * would: scaffolded with `runbook new office-access --source procedure.md`,
 * then steps 1 and 2 automated (the VPC is found, the security group made and
 * checked); steps 3 and 4 stay manual. docs/authoring.md tells the story.
 */
import { defineRunbook, ec2, manual, param, runbookDir } from 'runbook';

const POSTGRES = 5432;

export default defineRunbook({
  id: 'office-access',
  title: 'Let the office reach the reporting database',
  summary:
    "Finds the database's VPC and makes the security group that admits PostgreSQL from the office network only; attaching it to the database and an analyst's check stay manual.",
  source: { file: 'procedure.md', procedure: 'Let the office reach the reporting database', steps: ['1', '2', '3', '4'] },
  dir: runbookDir(import.meta.url),
  params: {
    vpcId: param.vpc("The reporting database's VPC (default: the region's default VPC)", { optional: true }),
    officeCidr: param.cidr('The office network, the only source PostgreSQL is opened to', { default: '198.51.100.0/24' }),
    database: param.name("The reporting database's DB instance identifier", { default: 'reporting' }),
  },
  decisions: [{ covers: '1', decision: 'The VPC is found rather than noted down: the default VPC unless vpcId is given.' }],
  rehearsal: { params: {}, acks: ['step-3', 'step-4'] },
  steps: (params) => {
    const network = ec2.network('network', { covers: '1', vpcId: params.vpcId });
    const group = ec2.securityGroup('office-access-group', {
      covers: '2',
      name: 'reporting-office-access',
      description: 'PostgreSQL from the office network only',
      vpcId: network.out.vpcId,
      ingress: [{ protocol: 'tcp', fromPort: POSTGRES, from: params.officeCidr, description: 'Analysts in the office' }],
    });
    const attach = manual('step-3', {
      covers: '3',
      title: 'Step 3: Add the group to the reporting database',
      instructions: 'In the RDS console, open {{DATABASE}}, choose Modify > Connectivity > Security groups, add {{GROUP_ID}} (reporting-office-access) and apply immediately.',
      vars: { DATABASE: params.database, GROUP_ID: group.out.groupId },
    });
    const confirm = manual('step-4', {
      covers: '4',
      title: 'Step 4: An analyst in the office connects with psql',
      after: [attach],
      instructions: 'Ask an analyst in the office to connect to {{DATABASE}} with psql and confirm that the connection works.',
      vars: { DATABASE: params.database },
    });
    return [network, group, attach, confirm];
  },
});
