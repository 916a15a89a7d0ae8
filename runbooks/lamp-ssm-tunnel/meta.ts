/** What `runbook list` shows without loading the runbook (or the AWS SDK). */
export const meta = {
  id: 'lamp-ssm-tunnel',
  title: 'Reach a LAMP node through SSM Session Manager: SSH config or port forwarding',
  source: { file: '002_6d0e6b26ceddd92d.txt', procedure: 'AWS SSM Instructions', steps: 'intro, 1-4' },
} as const;
