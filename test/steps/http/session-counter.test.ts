import { describe, expect, it } from 'vitest';
import type { HttpClient } from '../../../src/io/http.js';
import { sessionCounterKind } from '../../../src/steps/http/session-counter.js';
import { stepContext } from '../../helpers/step-context.js';
import { sessionCounter } from '../../../src/steps/http/index.js';

const URL = 'http://sessions-env.us-east-1.elasticbeanstalk.com/session.php';
const SERVERS = ['172.31.1.10', '172.31.2.20'];

/** The source's session page: plain text, one line each. */
function page(visits: number, server: string): string {
  const first = visits === 0 ? "This is the first time you're visiting this server" : `Your number of visits: ${visits}`;
  return [first, `Server IP: ${server}`, 'Client IP: 198.51.100.7', 'Array\n(\n)', ''].join('\n');
}

/**
 * A load balancer alternating between two servers. With a shared store the
 * counter belongs to the session; without one each server counts on its own.
 */
function loadBalancer(shared: boolean): HttpClient & { requests: { url: string; headers: Record<string, string> }[] } {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const counts = new Map<string, number>();
  return {
    requests,
    async get(url, headers = {}) {
      requests.push({ url, headers });
      const server = SERVERS[(requests.length - 1) % SERVERS.length]!;
      const key = shared ? 'session' : server;
      const visits = counts.get(key) ?? 0;
      counts.set(key, visits + 1);
      const responseHeaders: Record<string, string> = headers.cookie ? {} : { 'set-cookie': 'PHPSESSID=abc123; path=/\nAWSALB=lb1; Path=/' };
      return { status: 200, headers: responseHeaders, body: page(visits, server) };
    },
  };
}

describe('http.sessionCounter', () => {
  it('is done when the counter keeps counting across two servers, sending the session cookie back', async () => {
    const http = loadBalancer(true);

    const result = await sessionCounterKind.check(stepContext({ http }), { url: URL, requests: 4 });

    expect(result).toEqual({
      done: true,
      outputs: { servers: '172.31.1.10, 172.31.2.20' },
      evidence: [
        'request 1: HTTP 200, visits 0, server 172.31.1.10',
        'request 2: HTTP 200, visits 1, server 172.31.2.20',
        'request 3: HTTP 200, visits 2, server 172.31.1.10',
        'request 4: HTTP 200, visits 3, server 172.31.2.20',
      ],
    });
    expect(http.requests.map((r) => r.url)).toEqual([URL, URL, URL, URL]);
    expect(http.requests[0]!.headers).toEqual({});
    expect(http.requests[1]!.headers).toEqual({ cookie: 'PHPSESSID=abc123; AWSALB=lb1' });
    expect(http.requests[3]!.headers).toEqual({ cookie: 'PHPSESSID=abc123; AWSALB=lb1' });
    expect(sessionCounter('x', { covers: '1' } as never).mutating).toBe(false);
    expect(sessionCounterKind.plan({ url: URL, requests: 4 }, undefined)).toEqual([]);
  });

  it('is not done when the counter resets as the server changes, naming the request', async () => {
    const result = await sessionCounterKind.check(stepContext({ http: loadBalancer(false) }), { url: URL, requests: 4 });

    expect(result.done).toBe(false);
    if (result.done) return;
    expect(result.reason).toBe(`Request 2 to ${URL}: the counter read 0 instead of 1; sessions are not shared.`);
    expect(result.evidence?.[1]).toBe('request 2: HTTP 200, visits 0, server 172.31.2.20');
  });

  it('is not done on an HTTP error, and notes when one server answered everything', async () => {
    const failing: HttpClient = { get: async () => ({ status: 503, headers: {}, body: 'Service Unavailable' }) };
    await expect(sessionCounterKind.check(stepContext({ http: failing }), { url: URL, requests: 2 })).resolves.toMatchObject({
      done: false,
      reason: `Request 1 to ${URL}: HTTP 503; sessions are not shared.`,
    });

    let n = 0;
    const single: HttpClient = { get: async () => ({ status: 200, headers: {}, body: page(n++, '172.31.1.10') }) };
    const result = await sessionCounterKind.check(stepContext({ http: single }), { url: URL, requests: 2 });
    expect(result).toMatchObject({ done: true, outputs: { servers: '172.31.1.10' } });
    expect(result.evidence?.at(-1)).toContain('every request was served by 172.31.1.10');
  });

  it('passes a network error on', async () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND sessions-env'), { code: 'ENOTFOUND' });
    const broken: HttpClient = { get: async () => Promise.reject(error) };
    await expect(sessionCounterKind.check(stepContext({ http: broken }), { url: URL, requests: 2 })).rejects.toBe(error);
  });

  it('keeps the session cookie when the load balancer sets its own cookie on every answer', async () => {
    const requests: Record<string, string>[] = [];
    let visits = 0;
    const http: HttpClient = {
      async get(_url, headers = {}) {
        requests.push(headers);
        const session = /PHPSESSID=abc123/.test(headers.cookie ?? '');
        visits = session ? visits : 0;
        const cookies = [`AWSALB=lb${requests.length}; Path=/`, ...(session ? [] : ['PHPSESSID=abc123; path=/'])];
        return { status: 200, headers: { 'set-cookie': cookies.join('\n') }, body: page(visits++, SERVERS[requests.length % 2]!) };
      },
    };
    const result = await sessionCounterKind.check(stepContext({ http }), { url: URL, requests: 5 });
    expect(result.done).toBe(true);
    expect(requests[4]?.cookie).toBe('AWSALB=lb4; PHPSESSID=abc123');
  });
});
