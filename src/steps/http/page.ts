/**
 * `http.page`: a page answers with the expected status and text (a login
 * page through a load balancer). Read-only; a new application may take a
 * while to answer, so it asks again until `waitSeconds` pass.
 */
import { waitFor, WaitFailedError } from '../../aws/wait.js';
import { type CheckResult, type StepContext, type StepKind } from '../../engine/model/step.js';

export interface PageInput {
  url: string;
  /** Appended to the URL, e.g. `/interface/login/login.php`. */
  path?: string;
  expectStatus: number;
  /** A regular expression the body must match, e.g. `login`. */
  expectText?: string;
  waitSeconds: number;
}

export interface PageOutputs {
  url: string;
  status: number;
}

function title(body: string): string {
  const t = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
  return t ? `"${t}"` : `${body.length} bytes`;
}

export function pageUrl(input: Pick<PageInput, 'url' | 'path'>): string {
  return `${input.url.replace(/\/+$/, '')}${input.path ?? ''}`;
}

/** GET the page until it answers as expected or the wait is over. */
export async function checkPage(ctx: StepContext, input: PageInput): Promise<CheckResult<PageOutputs>> {
  if (!input.url) throw new Error('No URL to request: the stack has no application URL output.');
  const url = pageUrl(input);
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
}

const kind: StepKind<PageInput, PageOutputs> = {
  check: checkPage,
  plan: () => [],
};

export { kind as pageKind };
