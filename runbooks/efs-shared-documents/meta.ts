/** What `runbook list` shows without loading the runbook (or the AWS SDK). */
export const meta = {
  id: 'efs-shared-documents',
  title: 'Documents shared by every OpenEMR server on EFS',
  source: { file: '000_5ca29d32c4f75b96.txt', procedure: 'Elastic File System', steps: '1-36' },
} as const;
