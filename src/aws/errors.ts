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

/** "Not found" is a normal answer to a check. */
export function isNotFound(err: unknown): boolean {
  const name = errorName(err);
  return NOT_FOUND.test(name) || (err as AwsErrorLike)?.$metadata?.httpStatusCode === 404;
}

export function isAccessDenied(err: unknown): boolean {
  return /AccessDenied|UnauthorizedOperation|UnauthorizedAccess|AuthorizationError|Forbidden/.test(errorName(err));
}

export function isThrottling(err: unknown): boolean {
  return /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown/.test(errorName(err));
}

/** One sentence for a failed call `service:operation`. */
export function describeAwsError(err: unknown, action?: string): string {
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
  return `${name}${on}${message && message !== name ? `: ${message}` : ''}${message.endsWith('.') ? '' : '.'}`;
}
