/**
 * Pagination as AWS does it: a page holds at most the page size asked for
 * (MaxResults, MaxItems, MaxRecords), and a token (NextToken or NextMarker)
 * when more follow. AWS may answer with fewer items than asked, even without
 * a page size; the `smallPages` fault makes the sandbox do so, to prove that
 * every caller follows the token. A call that names its resources by id is
 * answered whole, as AWS answers it.
 */
import type { OperationContext } from './context.js';
import { awsError } from './errors.js';

export interface PageRequest {
  /** The token of the page asked for (NextToken, Marker), from the previous answer. */
  token?: string;
  /** The page size asked for. */
  max?: number;
  /** The call names its resources (InstanceIds, VolumeIds...): one whole answer. */
  byIds?: boolean;
}

export interface PageRules {
  /** The error name a bad token or page size gets: EC2 says InvalidParameterValue, others their own. */
  invalid: string;
  /** The page sizes AWS accepts, and the default when none is asked for (undefined: everything). */
  range?: [number, number];
  defaultSize?: number;
}

const encode = (offset: number) => Buffer.from(`sandbox-page:${offset}`).toString('base64');

function decode(token: string, invalid: string): number {
  const m = /^sandbox-page:(\d+)$/.exec(Buffer.from(token, 'base64').toString());
  if (!m) throw awsError(invalid, `Invalid pagination token ${token}.`);
  return Number(m[1]);
}

export function pageOf<T>(ctx: OperationContext, items: readonly T[], request: PageRequest, rules: PageRules): { items: T[]; next?: string } {
  if (request.max !== undefined && rules.range && (request.max < rules.range[0] || request.max > rules.range[1]))
    throw awsError(rules.invalid, `The page size ${request.max} is not in the range ${rules.range[0]} to ${rules.range[1]}.`);
  if (request.byIds) return { items: [...items] };
  const start = request.token ? decode(request.token, rules.invalid) : 0;
  const size = Math.min(request.max ?? rules.defaultSize ?? Infinity, ctx.pageSize ?? Infinity);
  const end = Math.min(items.length, start + size);
  return { items: items.slice(start, end), ...(end < items.length ? { next: encode(end) } : {}) };
}

/** EC2's Describe* rules: MaxResults 5 to 1000, everything by default; with ids, MaxResults is refused. */
export function ec2Page<T>(ctx: OperationContext, items: readonly T[], input: { NextToken?: string; MaxResults?: number }, ids: readonly string[] | undefined): { items: T[]; NextToken?: string } {
  const byIds = (ids?.length ?? 0) > 0;
  if (byIds && input.MaxResults !== undefined) throw awsError('InvalidParameterCombination', 'The parameter MaxResults cannot be used with the parameter of resource ids.');
  const { items: page, next } = pageOf(ctx, items, { token: input.NextToken, max: input.MaxResults, byIds }, { invalid: 'InvalidParameterValue', range: [5, 1000] });
  return { items: page, ...(next ? { NextToken: next } : {}) };
}
