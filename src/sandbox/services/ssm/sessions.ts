/**
 * Session Manager: StartSession answers as SSM does (session id, stream URL,
 * token) for an Online instance and the port-forwarding and SSH documents.
 * Nothing ever connects to the stream: the sandbox has no data channel, and
 * a step that opens a session says so instead of spawning the plugin.
 */
import type { StartSessionRequest, TerminateSessionRequest } from '@aws-sdk/client-ssm';
import { randomBytes } from 'node:crypto';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError, unsupported } from '../lib/errors.js';
import { pingStatus } from './index.js';

/** The documents the sandbox answers, and the parameters each takes. */
const DOCUMENTS: Record<string, string[]> = {
  'AWS-StartPortForwardingSession': ['portNumber', 'localPortNumber'],
  'AWS-StartSSHSession': ['portNumber'],
};

const SESSION_ID = /^[A-Za-z0-9._-]+-[0-9a-f]{17}$/;

function checkParameters(document: string, parameters: Record<string, string[]> | undefined): void {
  const allowed = DOCUMENTS[document]!;
  for (const [name, values] of Object.entries(parameters ?? {})) {
    if (!allowed.includes(name)) throw awsError('InvalidParameters', `Parameter "${name}" is not defined in document ${document}.`);
    const port = Number(values[0]);
    if (values.length !== 1 || !Number.isInteger(port) || port < 0 || port > 65535) throw awsError('InvalidParameters', `Parameter "${name}" must be one port number, got ${JSON.stringify(values)}.`);
  }
  if (!parameters?.portNumber) throw awsError('InvalidParameters', `Document ${document} needs the parameter portNumber.`);
}

export const ssmSessions: ServiceHandlers = {
  StartSession: (ctx) => {
    const input = inputOf<StartSessionRequest>(ctx);
    const document = input.DocumentName ?? 'SSM-SessionManagerRunShell';
    if (!DOCUMENTS[document]) throw unsupported('ssm', 'StartSession', ` with document ${document}`);
    checkParameters(document, input.Parameters);
    const instance = ctx.region.instances[input.Target ?? ''];
    if (!instance || pingStatus(ctx, instance) !== 'Online') throw awsError('TargetNotConnected', `${input.Target} is not connected.`);
    const user = ctx.account.callerArn.split('/').pop() ?? 'sandbox';
    const sessionId = `${user}-${randomBytes(9).toString('hex').slice(0, 17)}`;
    return {
      SessionId: sessionId,
      StreamUrl: `wss://ssmmessages.${ctx.regionName}.amazonaws.com/v1/data-channel/${sessionId}?role=publish_subscribe&cell-number=sandbox`,
      TokenValue: randomBytes(96).toString('base64'),
    };
  },

  TerminateSession: (ctx) => {
    const id = inputOf<TerminateSessionRequest>(ctx).SessionId ?? '';
    if (!SESSION_ID.test(id)) throw awsError('ValidationException', `Invalid session id ${id}.`);
    // Terminating an ended session is not an error in SSM either.
    return { SessionId: id };
  },
};
