/**
 * What a verification expects of a probe's output. Each answers with the
 * reason it failed, or undefined when the output is as expected.
 */
export interface Expectation {
  describe: string;
  test(stdout: string, exitCode: number): string | undefined;
}

const SANDBOX_MARK = /^\[sandbox\].*$/m;

function body(stdout: string): string {
  return stdout.replace(SANDBOX_MARK, '').trim();
}

/**
 * `lsof -i :PORT` lists the process holding the port; the COMMAND column is
 * truncated to 9 characters, so Docker's `docker-proxy` shows as `docker-pr`.
 */
export function lsofCommandIs(command: string): Expectation {
  return {
    describe: `lsof shows ${command} in the COMMAND column`,
    test(stdout) {
      const lines = body(stdout).split('\n');
      const header = lines.findIndex((l) => /^COMMAND\s+PID\s+/.test(l.trim()));
      if (header < 0) return `lsof printed no listing: nothing listens on the port.`;
      const commands = lines.slice(header + 1).map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
      return commands.includes(command) ? undefined : `lsof shows ${[...new Set(commands)].join(', ') || 'no process'} in the COMMAND column, not ${command}.`;
    },
  };
}

export function outputLineIs(expected: string): Expectation {
  return {
    describe: `the output is ${expected}`,
    test(stdout, exitCode) {
      const lines = body(stdout).split('\n').map((l) => l.trim());
      if (exitCode === 0 && lines.includes(expected)) return undefined;
      return `expected ${expected}, got ${lines.filter(Boolean).slice(-1)[0] ?? 'no output'} (exit ${exitCode}).`;
    },
  };
}

/** The probe exits 0: it decides itself and says why on its last line when it does not. */
export function succeeds(describe: string): Expectation {
  return {
    describe,
    test(stdout, exitCode) {
      if (exitCode === 0) return undefined;
      return `${body(stdout).split('\n').filter(Boolean).slice(-1)[0] ?? 'no output'} (exit ${exitCode}).`;
    },
  };
}
