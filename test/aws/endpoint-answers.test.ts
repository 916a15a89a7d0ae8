/**
 * An endpoint that answers with something other than an AWS response (an
 * emulator's HTML page for a call it does not implement, a proxy's error
 * page) is one sentence naming the call, the endpoint and the HTTP status,
 * and is never a missing resource; a body-less 404 (S3's HeadObject) is an
 * AWS answer. A local HTTP server plays the endpoint.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNotFound, NotAnAwsResponse, describeAwsError } from '../../src/aws/errors.js';
import { DescribeInstancesCommand } from '../../src/aws/sdk/ec2.js';
import { TestDNSAnswerCommand } from '../../src/aws/sdk/route53.js';
import { HeadObjectCommand } from '../../src/aws/sdk/s3.js';
import { DescribeInstanceInformationCommand } from '../../src/aws/sdk/ssm.js';
import { AwsSession } from '../../src/aws/session.js';
import type { CallRecord } from '../../src/core/calls.js';

const PAGE = '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n';

describe('an endpoint that does not answer as AWS does', () => {
  let server: Server;
  let endpoint = '';
  const calls: CallRecord[] = [];
  let aws: AwsSession;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.method === 'HEAD') return res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end();
      const notFound = req.url?.includes('testdnsanswer');
      res.writeHead(notFound ? 404 : 500, { 'content-type': 'text/html; charset=utf-8' }).end(notFound ? '<!doctype html><title>404 Not Found</title>' : PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    aws = new AwsSession({ target: { region: 'us-east-1', endpointUrl: endpoint }, maxAttempts: 1, onCall: (c) => calls.push(c) });
    process.env.AWS_ACCESS_KEY_ID ??= 'test';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  });
  afterAll(() => {
    aws.destroy();
    server.close();
  });

  it.each([
    ['a JSON service', () => aws.ssm.send(new DescribeInstanceInformationCommand({})), 'ssm:DescribeInstanceInformation', 500],
    ['an XML service', () => aws.ec2.send(new DescribeInstancesCommand({})), 'ec2:DescribeInstances', 500],
    ['a REST service with no route (404)', () => aws.route53.send(new TestDNSAnswerCommand({ HostedZoneId: 'Z1', RecordName: 'a.example.com', RecordType: 'A' })), 'route53:TestDNSAnswer', 404],
  ])('%s: one sentence, never a not-found, recorded as NotAnAwsResponse', async (_what, call, action, status) => {
    const err = await call().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotAnAwsResponse);
    const operation = action.split(':')[1]!;
    expect((err as Error).message).toBe(`${action} at ${endpoint} answered HTTP ${status} with text/html content that is not an AWS response: the endpoint does not seem to implement ${operation}.`);
    expect(isNotFound(err)).toBe(false);
    expect(describeAwsError(err, action)).toBe((err as Error).message);
    expect(calls.at(-1)).toMatchObject({ operation, errorName: 'NotAnAwsResponse', sent: true });
  });

  it('a body-less 404 of HeadObject is the AWS answer NotFound', async () => {
    const err = await aws.s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' })).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(NotAnAwsResponse);
    expect(isNotFound(err)).toBe(true);
  });
});
