/**
 * `http.sessionCounter`: the source's session test page, requested through the
 * load balancer with one cookie. With a shared session store the visit counter
 * keeps counting whichever server answers; without one it resets whenever the
 * server changes. Read-only: a failure is a failed verification.
 */
import { defineStepKind, type StepKind } from '../../engine/model.js';

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

function cookieOf(setCookie: string | undefined): string | undefined {
  return setCookie?.split('\n').map((c) => c.split(';')[0]).join('; ');
}

const kind: StepKind<SessionCounterInput, SessionCounterOutputs> = {
  kind: 'http.sessionCounter',
  mutating: false,
  async check(ctx, input) {
    const answers: Answer[] = [];
    let cookie: string | undefined;
    for (let i = 0; i < input.requests; i++) {
      const res = await ctx.http.get(input.url, cookie ? { cookie } : {});
      cookie = cookieOf(res.headers['set-cookie']) ?? cookie;
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

export const sessionCounter = defineStepKind(kind, { title: () => 'Check that sessions survive a change of server' });
export { kind as sessionCounterKind };
