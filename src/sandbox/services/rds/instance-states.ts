/** How long a simulated DB instance takes, in simulated seconds, and the states that follow. */
import type { DbInstance } from '../../account/state.js';
import { after } from '../../account/time.js';

// Shorter than RDS takes (some minutes): a rehearsal passes through every state a step waits on, without the wait.
export const DB_CREATE_SECONDS = 240;
/** The first automated backup, when the retention is above 0. */
export const DB_FIRST_BACKUP_SECONDS = 30;
export const DB_DELETE_SECONDS = 120;

export function dbInstanceGone(d: DbInstance, now: number): boolean {
  return d.deletedAt !== undefined && now >= d.deletedAt;
}

export function dbInstanceStatus(d: DbInstance, now: number): 'creating' | 'backing-up' | 'available' | 'deleting' {
  if (d.deletingAt !== undefined) return 'deleting';
  if (now < d.availableAt - (d.BackupRetentionPeriod > 0 ? after(0, DB_FIRST_BACKUP_SECONDS) : 0)) return 'creating';
  return now < d.availableAt ? 'backing-up' : 'available';
}
