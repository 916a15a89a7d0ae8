/**
 * The one list of step and run statuses. The state schema, the reports, the
 * executor's labels and the exit codes all read these lists.
 */

/** Ansible's vocabulary, which operators know: ok = already true, changed = made true. */
export const STEP_STATUSES = ['pending', 'ok', 'changed', 'skipped', 'failed', 'manual-pending', 'planned'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'needs-operator', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_MODES = ['apply', 'dry-run'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** A step that needs nothing more: already true, or made true. */
export function isDoneStatus(status: StepStatus | undefined): boolean {
  return status === 'ok' || status === 'changed';
}

/** One instance's part in a step that runs on a fleet: pending = its check said no and it has not been made true yet. */
export const HOST_STATUSES = ['ok', 'changed', 'pending', 'failed'] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

export interface HostOutcome {
  status: HostStatus;
  /** One line: the probe's or script's last output line, or why it did not run there. */
  detail?: string;
}

/** A host made true earlier in the run (or before a resume) stays `changed` when a later check finds it true. */
export function nextHostOutcome(before: HostOutcome | undefined, outcome: HostOutcome): HostOutcome {
  return before?.status === 'changed' && outcome.status === 'ok' ? before : outcome;
}
