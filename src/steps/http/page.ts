/**
 * `http.page`: a page answers with the expected status and text (a login
 * page through the stack's load balancer). Read-only; a new application
 * may take a while to answer, so it asks again until `waitSeconds` pass.
 * When an earlier step proves the page was checked already (`provenBy`: a
 * drill whose stack is gone), it is done with that as evidence.
 */
import { waitFor, WaitFailedError } from '../../aws/wait.js';
import { type StepKind } from '../../engine/model/step.js';

export interface PageInput {
  url: string;
  /** Appended to the URL, e.g. `/interface/login/login.php`. */
  path?: string;
  expectStatus: number;
  /** A regular expression the body must match, e.g. `login`. */
  expectText?: string;
  waitSeconds: number;
  provenBy?: string;
}

export interface PageOutputs {
  url: string;
  status: number;
}

function title(body: string): string {
  const t = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
  return t ? `"${t}"` : `${body.length} bytes`;
}

const kind: StepKind<PageInput, PageOutputs> = {
  async check(ctx, input) {
    if (input.provenBy) return { done: true, outputs: { url: input.url, status: input.expectStatus }, evidence: [input.provenBy] };
    if (!input.url) throw new Error('No URL to request: the stack has no application URL output.');
    const url = `${input.url.replace(/\/+$/, '')}${input.path ?? ''}`;
    const matches = (body: string) => !input.expectText || new RegExp(input.expectText, 'i').test(body);
    let last = '';
    try {
      const res = await waitFor(ctx, {
        what: `${url} to answer`,
        minDelay: 5,
        maxDelay: 30,
        maxWait: input.waitSeconds,
        poll: async () => {
          const r = await ctx.http.get(url);
          last = `GET ${url} -> HTTP ${r.status}, ${title(r.body)}`;
          return r.status === input.expectStatus && matches(r.body) ? { done: true, value: r } : { done: false, status: `HTTP ${r.status}` };
        },
      });
      return { done: true, outputs: { url, status: res.status }, evidence: [last] };
    } catch (err) {
      if (!(err instanceof WaitFailedError)) throw err;
      const want = `HTTP ${input.expectStatus}${input.expectText ? ` with /${input.expectText}/` : ''}`;
      return { done: false, reason: `${url} did not answer ${want} within ${input.waitSeconds} s (last: ${last || 'no answer'}).`, evidence: last ? [last] : [] };
    }
  },
  plan: () => [],
};

export { kind as pageKind };
