/** What `runbook list` shows without loading the runbook (or the AWS SDK). */
export const meta = {
  id: 'redis-sessions',
  title: 'A central Redis session store for OpenEMR',
  source: { file: '000_5ca29d32c4f75b96.txt', procedure: 'Redis Sessions', steps: '0-37' },
} as const;
