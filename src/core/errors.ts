/**
 * Typed errors that carry their exit code. Only the CLI's top level turns them
 * into an exit status; users never see a stack trace for these.
 */
export const ExitCode = {
  Done: 0,
  StepFailed: 1,
  BadInput: 2,
  NeedsOperator: 3,
  Locked: 4,
  Interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class RunbookError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad usage or invalid input, found before any AWS call. */
export class UsageError extends RunbookError {
  constructor(message: string) {
    super(message, ExitCode.BadInput);
  }
}

/** A state file that cannot be used; the file is left exactly as it was. */
export class StateFileError extends RunbookError {
  constructor(message: string) {
    super(message, ExitCode.BadInput);
  }
}

export class LockedError extends RunbookError {
  constructor(message: string) {
    super(message, ExitCode.Locked);
  }
}

/** The run needs a person: missing parameters or an unacknowledged manual step. */
export class NeedsOperatorError extends RunbookError {
  constructor(message: string) {
    super(message, ExitCode.NeedsOperator);
  }
}
