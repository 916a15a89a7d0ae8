/**
 * The sandbox's clock. Every simulated duration is in simulated seconds; one
 * simulated second lasts SANDBOX_MS_PER_SECOND real milliseconds, so a runbook
 * that waits minutes on AWS rehearses in seconds. Timestamps stay real epoch
 * milliseconds, so states progress across processes.
 */
import { setTimeout as sleepMs } from 'node:timers/promises';

/** Real milliseconds per simulated second. */
export const SANDBOX_MS_PER_SECOND = 10;

/** Simulated seconds elapsed between two epoch-millisecond instants. */
export function secondsBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / SANDBOX_MS_PER_SECOND;
}

/** The epoch-millisecond instant `seconds` simulated seconds after `fromMs`. */
export function after(fromMs: number, seconds: number): number {
  return fromMs + seconds * SANDBOX_MS_PER_SECOND;
}

/**
 * Simulated latency of one call, in simulated seconds, by `service:Operation`,
 * then by kind. One table so a benchmark can read it.
 */
export const SANDBOX_LATENCY_SECONDS: Readonly<Record<string, number>> = {
  read: 0.05,
  write: 0.1,
  http: 0.05,
  'ec2:RunInstances': 0.3,
  'ssm:SendCommand': 0.2,
  'iam:CreateRole': 0.2,
  'elasticbeanstalk:UpdateEnvironment': 0.3,
  's3:PutObject': 0.2,
};

export function latencySeconds(service: string, operation: string, read: boolean): number {
  return SANDBOX_LATENCY_SECONDS[`${service}:${operation}`] ?? SANDBOX_LATENCY_SECONDS[read ? 'read' : 'write'] ?? 0.1;
}

export function simulatedPause(seconds: number): Promise<void> {
  return sleepMs(seconds * SANDBOX_MS_PER_SECOND);
}
