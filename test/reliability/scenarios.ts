/**
 * How each shipped runbook is rehearsed by the reliability suite: the
 * parameters of its default run and what must exist before it. A runbook
 * without a scenario fails the suite, so no runbook escapes it.
 */
export interface Scenario {
  runbook: string;
  given: Record<string, unknown>;
  /** Prepare the sandbox account (e.g. a manager node before a worker). */
  setup?: (stateDir: string) => Promise<void>;
  /** Steps whose first write is followed by a crash, in the child-process test. */
  crashSteps?: string[];
}

export const SCENARIOS: Scenario[] = [
  {
    runbook: 'redis-sessions',
    given: {},
    crashSteps: ['instance-profile', 'redis-security-group', 'launch-instance', 'elastic-ip'],
  },
];
