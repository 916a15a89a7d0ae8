/**
 * `http.sessionCounter`: the source's session test page, requested through the
 * load balancer with one cookie. With a shared session store the visit counter
 * keeps counting whichever server answers; without one it resets whenever the
 * server changes. Read-only: a failure is a failed verification.
 */
import { type StepKind } from '../../engine/model/step.js';

export interface SessionCounterInput {
  url: string;
  requests: number;
}

export interface SessionCounterOutputs {
  servers: string;
}

interface Answer {
  status: number;
  visits: number | undefined;
  server: string;
}

function parse(status: number, body: string): Answer {
  const visits = /number of visits:\s*(\d+)/i.exec(body)?.[1];
  const first = /first time/i.test(body);
  return { status, visits: visits !== undefined ? Number(visits) : first ? 0 : undefined, server: /Server IP:\s*(\S+)/.exec(body)?.[1] ?? '?' };
}

/** A cookie jar: later Set-Cookie lines update it (a load balancer's stickiness cookie must not drop the session). */
function remember(jar: Map<string, string>, setCookie: string | undefined): void {
  for (const line of setCookie?.split('\n') ?? []) {
    const pair = line.split(';')[0]!.trim();
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

const kind: StepKind<SessionCounterInput, SessionCounterOutputs> = {
  async check(ctx, input) {
    const answers: Answer[] = [];
    const jar = new Map<string, string>();
    for (let i = 0; i < input.requests; i++) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await ctx.http.get(input.url, cookie ? { cookie } : {});
      remember(jar, res.headers['set-cookie']);
      answers.push(parse(res.status, res.body));
    }
    const evidence = answers.map((a, i) => `request ${i + 1}: HTTP ${a.status}, visits ${a.visits ?? '?'}, server ${a.server}`);
    const servers = [...new Set(answers.map((a) => a.server))];
    const broken = answers.findIndex((a, i) => a.status !== 200 || a.visits !== i);
    if (broken >= 0) {
      const a = answers[broken]!;
      const why = a.status !== 200 ? `HTTP ${a.status}` : `the counter read ${a.visits ?? 'nothing'} instead of ${broken}`;
      return { done: false, reason: `Request ${broken + 1} to ${input.url}: ${why}; sessions are not shared.`, evidence };
    }
    if (servers.length < 2) evidence.push(`note: every request was served by ${servers[0]}; the check proves sharing only across several servers.`);
    return { done: true, outputs: { servers: servers.join(', ') }, evidence };
  },
  plan: () => [],
};

export { kind as sessionCounterKind };
