/**
 * AWS errors as operators should read them: one sentence, naming the action.
 */
export interface AwsErrorLike {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

export function errorName(err: unknown): string {
  const e = err as AwsErrorLike | undefined;
  return e?.name ?? e?.Code ?? 'Error';
}

export function hasErrorName(err: unknown, ...names: string[]): boolean {
  return names.includes(errorName(err));
}

const NOT_FOUND = /NotFound|NoSuch|DoesNotExist|\.NotFound$|^Invalid.*\.NotFound$/;

/**
 * The endpoint answered with something that is not an AWS response: an
 * emulator's HTML page for an operation it does not implement, a proxy's
 * error page. Never a missing resource, even with a 404.
 */
export class NotAnAwsResponse extends Error {
  override name = 'NotAnAwsResponse';
  constructor(
    readonly action: string,
    readonly endpoint: string,
    readonly httpStatusCode: number | undefined,
    readonly contentType: string | undefined,
  ) {
    super(
      `${action} at ${endpoint} answered HTTP ${httpStatusCode ?? '(no status)'} with ${contentType ? `${contentType.split(';')[0]} ` : ''}content that is not an AWS response: the endpoint does not seem to implement ${action.split(':')[1] ?? action}.`,
    );
  }
}

interface RawResponse {
  statusCode?: number;
  headers?: Record<string, string | undefined>;
}

/**
 * The SDK failed to read the answer as the service's protocol (JSON or XML):
 * it keeps the raw response in a hidden `$response`. An AWS error is always
 * in the protocol, so such an answer did not come from an AWS implementation.
 */
export function notAnAwsResponse(err: unknown, action: string, endpoint: string): NotAnAwsResponse | undefined {
  const e = err as AwsErrorLike & { $response?: RawResponse };
  const raw = e?.$response;
  if (!raw || typeof raw !== 'object') return undefined;
  const contentType = Object.entries(raw.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  // An answer the SDK could not read at all; or an HTML page, which an AWS error never is (its body is XML or JSON).
  // A HEAD has no body to judge: S3's body-less 404 is AWS's NotFound, whatever content type an emulator gives it.
  const unreadable = /Deserialization error/.test(e.message ?? '');
  const htmlPage = /^text\/html/i.test(contentType ?? '') && !(action.split(':')[1] ?? '').startsWith('Head');
  if (!unreadable && !htmlPage) return undefined;
  return new NotAnAwsResponse(action, endpoint, e.$metadata?.httpStatusCode ?? raw.statusCode, contentType);
}

/** "Not found" is a normal answer to a check. */
export function isNotFound(err: unknown): boolean {
  if (err instanceof NotAnAwsResponse) return false;
  const name = errorName(err);
  return NOT_FOUND.test(name) || (err as AwsErrorLike)?.$metadata?.httpStatusCode === 404;
}

/** A read of something that may be gone: undefined when AWS says it is not there. */
export async function unlessGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A deletion that is done when AWS says the thing is not there (a resumed or second destroy), or answers one of `alsoDone`. */
export async function goneIsDone(send: () => Promise<unknown>, ...alsoDone: string[]): Promise<void> {
  try {
    await send();
  } catch (err) {
    if (!isNotFound(err) && !(alsoDone.length && hasErrorName(err, ...alsoDone))) throw err;
  }
}

export function isAccessDenied(err: unknown): boolean {
  return /AccessDenied|UnauthorizedOperation|UnauthorizedAccess|AuthorizationError|Forbidden/.test(errorName(err));
}

export function isThrottling(err: unknown): boolean {
  return /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown/.test(errorName(err));
}

/** One sentence for a failed call `service:operation`. */
export function describeAwsError(err: unknown, action?: string): string {
  if (err instanceof NotAnAwsResponse) return err.message;
  const name = errorName(err);
  const message = ((err as AwsErrorLike)?.message ?? '').split('\n')[0]?.trim() ?? '';
  const on = action ? ` calling ${action}` : '';
  if (name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(message) && name !== 'AccessDenied')
    return `No AWS credentials were found${on}: set AWS_PROFILE or pass --profile, run "aws sso login" for SSO profiles, or use --sandbox to rehearse without an account.`;
  if (/ExpiredToken|TokenRefreshRequired|RequestExpired/.test(name))
    return `The AWS session token has expired${on}: log in again (for SSO: "aws sso login") and resume the run.`;
  if (isAccessDenied(err)) return `Access denied${on}: the caller is not allowed to perform ${action ?? 'this action'}${message ? ` (${message})` : ''}.`;
  if (name === 'Region is missing' || /Region is missing/i.test(message)) return `No AWS region is set: pass --region or set AWS_REGION.`;
  if (isThrottling(err)) return `AWS kept throttling${on} after the SDK's retries; wait a minute and resume the run.`;
  if (isNotFound(err)) return `Not found${on}: ${(message || name).replace(/\.$/, '')}.`;
  const detail = message && message !== name ? `: ${message}` : '';
  const stop = message.endsWith('.') ? '' : '.';
  // A bare "Error" names nothing: say which call failed instead.
  if (name === 'Error') return `${action ? `The call to ${action}` : 'An AWS call'} failed${detail}${stop}`;
  return `${name}${on}${detail}${stop}`;
}
