/**
 * Simulated HTTP for verification steps. An Elastic Beanstalk environment's
 * CNAME (or any `*.sandbox.invalid` host) serves the source procedure's PHP
 * test page: a visit counter kept in the PHP session, behind a load balancer
 * that alternates between two servers. Sessions survive a change of server
 * only when they live in Redis, i.e. when some sandbox host runs a container
 * that publishes 6379; otherwise each server keeps its own session files.
 */
import { randomBytes } from 'node:crypto';
import { EnvironmentSite } from './services/elasticbeanstalk/site.js';
import { listeners } from './host/docker.js';
import { hostIsUp } from './host/model.js';
import { isRunning } from './services/ec2/lifecycle.js';
import type { HttpResponse } from '../io/http.js';
import type { RegionState } from './account/state.js';

const SANDBOX_DOMAIN = '.sandbox.invalid';
const SANDBOX_SERVERS: [string, string] = ['172.31.5.10', '172.31.21.20'];
const CLIENT_IP = '203.0.113.200';
const REDIS_PORT = 6379;

function cookieValue(headers: Record<string, string>, name: string): string | undefined {
  const header = Object.entries(headers).find(([k]) => k.toLowerCase() === 'cookie')?.[1] ?? '';
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** PHP's default session ids: 26 characters of [0-9a-v]. */
function newSessionId(): string {
  return [...randomBytes(26)].map((b) => (b % 32).toString(32)).join('');
}

function redisReachable(region: RegionState, now: number): boolean {
  return Object.values(region.instances).some((i) => isRunning(i, now) && hostIsUp(i.host, now) && listeners(i.host, REDIS_PORT).length > 0);
}

export class SessionSite {
  private readonly requests = new Map<string, number>();
  private readonly redisSessions = new Map<string, number>();
  private readonly fileSessions = new Map<string, Map<string, number>>();
  /** Environments made with CreateEnvironment serve their instances' files instead. */
  private readonly environments = new EnvironmentSite();

  answer(region: RegionState, url: string, headers: Record<string, string>, now: number): HttpResponse {
    let host: string;
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      return this.noAnswer(url);
    }
    const env = Object.values(region.environments).find((e) => e.CNAME.toLowerCase() === host && e.terminatedAt === undefined);
    if (env?.instanceIds) return this.environments.answer(region, env, url, now);
    const servers = env?.serverIps ?? (host.endsWith(SANDBOX_DOMAIN) ? SANDBOX_SERVERS : undefined);
    if (!servers) return this.noAnswer(url);

    const count = this.requests.get(host) ?? 0;
    this.requests.set(host, count + 1);
    const server = servers[count % 2]!;
    const store = redisReachable(region, now) ? this.redisSessions : this.serverFiles(server);

    const sent = cookieValue(headers, 'PHPSESSID');
    const sessionId = sent ?? newSessionId();
    const visits = store.get(sessionId);
    store.set(sessionId, (visits ?? 0) + 1);
    const cookies = sent === undefined ? 'Array\n(\n)' : `Array\n(\n    [PHPSESSID] => ${sent}\n)`;
    const body = [
      visits === undefined ? "This is the first time you're visiting this server" : `Your number of visits: ${visits}`,
      `Server IP: ${server}`,
      `Client IP: ${CLIENT_IP}`,
      cookies,
      '',
    ].join('\n');
    const responseHeaders: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8', 'x-sandbox': 'simulated' };
    if (sent === undefined) responseHeaders['set-cookie'] = `PHPSESSID=${sessionId}; path=/`;
    return { status: 200, headers: responseHeaders, body };
  }

  private serverFiles(server: string): Map<string, number> {
    let store = this.fileSessions.get(server);
    if (!store) this.fileSessions.set(server, (store = new Map()));
    return store;
  }

  private noAnswer(url: string): HttpResponse {
    return { status: 599, headers: { 'x-sandbox': 'simulated' }, body: `sandbox: no simulated answer for ${url}` };
  }
}
