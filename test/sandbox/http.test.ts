import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { newSandbox, runScript, ssmReadyInstance } from './helpers.js';
import simulation from '../../runbooks/redis-sessions/simulation.js';

/** Visits the page like a browser: keeps the PHPSESSID cookie it was given. */
async function visits(sandbox: Sandbox, url: string, times: number): Promise<string[]> {
  let cookie: string | undefined;
  const bodies: string[] = [];
  for (let i = 0; i < times; i++) {
    const res = await sandbox.httpGet(url, cookie ? { Cookie: cookie } : {});
    expect(res.status).toBe(200);
    cookie ??= res.headers['set-cookie']!.split(';')[0];
    bodies.push(res.body);
  }
  return bodies;
}

const firstLine = (body: string) => body.split('\n')[0];
const serverIp = (body: string) => /Server IP: (\S+)/.exec(body)?.[1];

describe('sandbox HTTP session page', () => {
  it('loses the visit count when the load balancer switches server, while sessions are on local disk', async () => {
    const { sandbox } = newSandbox(undefined, simulation);
    const bodies = await visits(sandbox, 'http://openemr.sandbox.invalid/session.php', 4);
    expect(bodies.map(firstLine)).toEqual([
      "This is the first time you're visiting this server",
      "This is the first time you're visiting this server",
      'Your number of visits: 1',
      'Your number of visits: 1',
    ]);
    expect(new Set(bodies.map(serverIp)).size).toBe(2);
    expect(serverIp(bodies[0]!)).not.toBe(serverIp(bodies[1]!));
  });

  it('keeps counting across both servers once Redis listens on 6379 on a sandbox host', async () => {
    const { aws, sandbox } = newSandbox(undefined, simulation);
    sandbox.seedElasticBeanstalkEnvironment('openemr', 'OpenEMR', { cname: 'openemr.us-east-1.elasticbeanstalk.com' });
    const id = await ssmReadyInstance(aws);
    await runScript(aws, id, 'redis-sessions/install-docker', { USER_NAME: 'ubuntu' });
    await runScript(aws, id, 'redis-sessions/create-redis-container', { CONTAINER: 'redis_server', IMAGE: 'redis', PORT: 6379 });
    const unit = '[Service]\nExecStart=/usr/bin/docker start -a redis_server\n\n[Install]\nWantedBy=multi-user.target\n';
    await runScript(aws, id, 'redis-sessions/install-redis-unit', { UNIT_NAME: 'redis-container', UNIT_PATH: '/etc/systemd/system/redis-container.service', UNIT_CONTENT: unit });

    const bodies = await visits(sandbox, 'http://openemr.us-east-1.elasticbeanstalk.com/', 4);
    expect(bodies.map(firstLine)).toEqual(["This is the first time you're visiting this server", 'Your number of visits: 1', 'Your number of visits: 2', 'Your number of visits: 3']);
    expect(new Set(bodies.map(serverIp)).size).toBe(2);
  });

  it('has no answer for any other URL', async () => {
    const { sandbox } = newSandbox(undefined, simulation);
    const res = await sandbox.httpGet('https://example.com/');
    expect(res).toMatchObject({ status: 599, body: 'sandbox: no simulated answer for https://example.com/' });
  });
});
