/**
 * Time as steps see it. A real run waits in real seconds; the sandbox scales
 * every wait down (its resources change state on the same scaled clock), so a
 * runbook that waits minutes on AWS rehearses in seconds.
 */
export interface Clock {
  /** Real milliseconds per simulated second: 1000 for AWS, much less in the sandbox. */
  readonly msPerSecond: number;
  now(): number;
  /** Sleep `seconds` of this clock's seconds; rejects when the signal aborts. */
  sleep(seconds: number, signal?: AbortSignal): Promise<void>;
}

export function createClock(msPerSecond = 1000): Clock {
  return {
    msPerSecond,
    now: () => Date.now(),
    sleep: (seconds, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, seconds * msPerSecond);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
