/** What `runbook list` shows without loading the runbook (or the AWS SDK). */
export const meta = {
  id: 'lamp-ebs-expand',
  title: "Grow a LAMP node's data volume and its file system",
  source: { file: '002_6d0e6b26ceddd92d.txt', procedure: 'EC2 Commands, EBS volume expansion', steps: 'expand.console to expand.xfs_growfs' },
} as const;
