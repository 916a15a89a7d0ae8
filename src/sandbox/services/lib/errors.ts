/**
 * Errors shaped like the SDK's service exceptions (name, $fault, $metadata),
 * so callers and the SDK's retry logic treat them exactly as AWS's own.
 */
export interface SandboxError extends Error {
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode: number };
  $retryable?: { throttling: boolean };
}

export function awsError(name: string, message: string, httpStatusCode = 400, fault: 'client' | 'server' = 'client'): SandboxError {
  return Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode } });
}

export function unsupported(service: string, operation: string, detail = ''): SandboxError {
  return awsError('UnsupportedOperation', `The sandbox does not simulate ${service}:${operation}${detail}`);
}

export function throttled(service: string): SandboxError {
  const name = service === 'ec2' ? 'RequestLimitExceeded' : 'ThrottlingException';
  return Object.assign(awsError(name, 'Rate exceeded (sandbox throttle fault).'), { $retryable: { throttling: true } });
}

/** The access-denied error each service really answers with. */
export function accessDenied(service: string, operation: string): SandboxError {
  const action = `${service}:${operation}`;
  const user = 'arn:aws:iam::123456789012:user/sandbox-operator';
  if (service === 'ec2') return awsError('UnauthorizedOperation', `You are not authorized to perform this operation. User: ${user} is not authorized to perform: ${action}`, 403);
  const name = service === 'ssm' ? 'AccessDeniedException' : 'AccessDenied';
  return awsError(name, `User: ${user} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`, 403);
}
