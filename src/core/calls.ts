/**
 * What a run says about AWS calls: the ones a step would make (its plan) and
 * the ones the client layer saw (its record). Steps, the session, the state
 * and the reports share these shapes.
 */

/** One AWS call a step would make; values not known before an earlier write show as `<step.key>`. */
export interface PlannedCall {
  service: string;
  operation: string;
  input: Record<string, unknown>;
  /** Why, when it is not obvious from the operation (e.g. "only if the rule is missing"). */
  note?: string;
}

export interface CallRecord {
  stepId?: string;
  phase: string;
  service: string;
  operation: string;
  mutating: boolean;
  /** A read-only host probe sent as SSM SendCommand. */
  probe?: boolean;
  /** False when the call was refused before leaving the process (dry-run guard). */
  sent: boolean;
  startedAt: string;
  durationMs: number;
  requestId?: string;
  errorName?: string;
  /** Attempts the SDK made, retries included. */
  attempts: number;
}

/** A value an operator can pick from a list (a VPC, a subnet, a hosted zone). */
export interface Choice {
  value: string;
  name: string;
}
