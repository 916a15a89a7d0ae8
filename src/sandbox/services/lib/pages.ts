/**
 * Pagination as AWS lists do it: at most a page of items, and an opaque token
 * that continues after the last item returned (a token names an item, not an
 * index, so a list that grows between pages skips nothing).
 */
import { awsError } from './errors.js';

export interface PageLimits {
  /** The smallest and largest page a caller may ask for, and the page size when it asks for none. */
  min?: number;
  max: number;
  default?: number;
  /** The error a token this list did not give is answered with. */
  badToken?: (token: string) => Error;
}

const encode = (key: string) => Buffer.from(JSON.stringify({ after: key })).toString('base64url');

function decode(token: string): string | undefined {
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
    const after = decode(token);
    const at = after === undefined ? -1 : items.findIndex((i) => keyOf(i) === after);
    if (after === undefined) throw limits.badToken?.(token) ?? awsError('InvalidNextToken', `The token '${token}' is invalid.`);
    // The item the token names may be gone: continue after where it sorted.
    start = at >= 0 ? at + 1 : items.findIndex((i) => keyOf(i) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + wanted);
  const more = start + wanted < items.length;
  return { items: slice, ...(more && slice.length ? { nextToken: encode(keyOf(slice.at(-1)!)) } : {}) };
}
