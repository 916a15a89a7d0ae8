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

/**
 * Lists whose token names the last item returned rather than an offset (S3
 * keys, stacks, snapshots): a list that grows between pages skips nothing.
 */
export interface PageLimits {
  /** The smallest and largest page a caller may ask for, and the page size when it asks for none. */
  min?: number;
  max: number;
  default?: number;
  /** The error a token this list did not give is answered with. */
  badToken?: (token: string) => Error;
}

const encodeKey = (key: string) => Buffer.from(JSON.stringify({ after: key })).toString('base64url');

function decodeKey(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    return typeof parsed.after === 'string' ? parsed.after : undefined;
  } catch {
    return undefined;
  }
}

export function page<T>(items: readonly T[], size: number | undefined, token: string | undefined, keyOf: (item: T) => string, limits: PageLimits): { items: T[]; nextToken?: string } {
  const wanted = size ?? limits.default ?? limits.max;
  if (size !== undefined && (size < (limits.min ?? 1) || size > limits.max))
    throw awsError('InvalidParameterValue', `Value ( ${size} ) for parameter maxResults is invalid. Expecting a value between ${limits.min ?? 1} and ${limits.max}.`);
  let start = 0;
  if (token) {
    const after = decodeKey(token);
    const at = after === undefined ? -1 : items.findIndex((i) => keyOf(i) === after);
    if (after === undefined) throw limits.badToken?.(token) ?? awsError('InvalidNextToken', `The token '${token}' is invalid.`);
    // The item the token names may be gone: continue after where it sorted.
    start = at >= 0 ? at + 1 : items.findIndex((i) => keyOf(i) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + wanted);
  const more = start + wanted < items.length;
  return { items: slice, ...(more && slice.length ? { nextToken: encodeKey(keyOf(slice.at(-1)!)) } : {}) };
}
