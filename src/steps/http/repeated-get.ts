/**
 * `http.repeatedGet`: the same pages requested many times through a load
 * balancer, which spreads the requests over its instances. Every answer is
 * recorded; one that is not 200 fails the check, so a file that only some
 * instances can serve (a local folder instead of a shared one) is caught.
 * Read-only: a failure is a failed verification.
 */
import { type StepKind } from '../../engine/model/step.js';

export interface RepeatedGetInput {
  /** `http://host`, no trailing slash needed. */
  baseUrl: string;
  /** Absolute paths, each requested once per round. */
  paths: string[];
  /** Rounds. */
  requests: number;
}

export interface RepeatedGetOutputs {
  /** Requests sent, all answered 200. */
  answered: number;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = items.length ? by % items.length : 0;
  return [...items.slice(k), ...items.slice(0, k)];
}

const header = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

const kind: StepKind<RepeatedGetInput, RepeatedGetOutputs> = {
  async check(ctx, input) {
    if (!input.baseUrl) throw new Error('No URL to request: the environment has no address.');
    const base = input.baseUrl.replace(/\/+$/, '');
    const evidence: string[] = [];
    const failures: string[] = [];
    for (let round = 1; round <= input.requests; round++)
      // Each round starts one path later: with a balancer taking turns, every path reaches every instance.
      for (const path of rotate(input.paths, round - 1)) {
        const url = `${base}${path}`;
        const res = await ctx.http.get(url);
        const type = header(res.headers, 'content-type') ?? 'no content type';
        evidence.push(`round ${round}: GET ${path} -> HTTP ${res.status}, ${type}, ${Buffer.byteLength(res.body, 'latin1')} bytes`);
        if (res.status !== 200) failures.push(`round ${round}: ${path} answered ${res.status}`);
      }
    const sent = input.requests * input.paths.length;
    if (failures.length) return { done: false, reason: `${failures.length} of ${sent} requests to ${base} failed (${failures.slice(0, 5).join('; ')}${failures.length > 5 ? '; ...' : ''}).`, evidence };
    return { done: true, outputs: { answered: sent }, evidence };
  },
  plan: () => [],
};

export { kind as repeatedGetKind };
