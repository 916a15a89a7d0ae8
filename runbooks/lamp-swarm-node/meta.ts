/** What `runbook list` shows without loading the runbook (or the AWS SDK). */
export const meta = {
  id: 'lamp-swarm-node',
  title: 'A Docker Swarm node for the LAMP platform on EC2',
  source: { file: '002_6d0e6b26ceddd92d.txt', procedure: 'Preparing Resources on AWS', steps: '1-3, with the requirements and the EC2 Commands' },
} as const;
