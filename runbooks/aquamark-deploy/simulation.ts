/**
 * What `aquamark-deploy`'s scripts do on a simulated Ubuntu host, and what
 * the application answers behind the load balancer. Probes (exit 0 = already
 * true, 1 = not true, stdout says what is missing) never change the host.
 * The sandbox holds no secret values: aq.conf's DATABASE_URL names the
 * secret it was read from instead of a password, and the mail settings keep
 * only a hash of the SMTP password.
 */
import { createHash } from 'node:crypto';
import { defineSimulation, docker, outcome, simulate, simulateWeb, type HostState, type ScriptHandler } from '../../src/authoring/simulation.js';
import { scripts } from './scripts.js';

const { DOCKER_UNIT, createContainer, dockerActive, listeners, normalizeImage, startContainer } = docker;

const PACKAGES = ['git', 'make', 'curl', 'python3-pip', 'docker.io'];
const VERSIONS: Record<string, string> = { git: '1:2.43.0-1ubuntu7', make: '4.3-4.1build2', curl: '8.5.0-2ubuntu10', 'python3-pip': '24.0+dfsg-1ubuntu1', 'docker.io': '27.5.1-0ubuntu3~24.04.2', 'aws-cli': '2.22.0' };
const LOCALE = '/usr/lib/locale/en_AU.utf8';
const ENV_UNIT = 'aquamark-env.service';
const PING_ANSWER = 'Web services are UP';
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;

const has = (host: HostState, path: string | undefined) => Boolean(path && host.files[path]);
const write = (host: HostState, path: string, content: string, now: number) => (host.files[path] = { content, mtime: now });
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
/** The commit a ref names in the simulated repository: the same ref, the same commit. */
export const commitOf = (repository: string, ref: string) => sha(`${repository}#${ref}`).slice(0, 40);
/** Where simulated Docker keeps an image's id (a build from another commit is another image) and the image a container was made from. */
const imageIdFile = (image: string) => `/var/lib/docker/image/${normalizeImage(image)}/id`;
const containerImageFile = (name: string) => `/var/lib/docker/containers/${name}/image`;
const imageIdOf = (host: HostState, image: string) => host.files[imageIdFile(image)]?.content;
/** The schema revision a build's migrations end at: every build brings its own head. */
const schemaHead = (host: HostState, image: string) => (imageIdOf(host, image) ?? 'sha256:7f3c2a1b9d0e').slice(7, 19);

function missingDeps(host: HostState): string[] {
  return [
    ...(has(host, LOCALE) ? [] : ['locale en_AU.UTF-8 is not generated']),
    ...PACKAGES.filter((p) => !(p in host.packages)).map((p) => `${p} is not installed`),
    ...('aws-cli' in host.packages ? [] : ['the AWS CLI is not installed']),
    ...(dockerActive(host) ? [] : ['docker is not running']),
  ];
}

const depsReady: ScriptHandler = (host) => {
  const missing = missingDeps(host);
  return missing.length ? outcome(1, missing) : outcome(0, ['locale, git, make, curl, python3-pip, docker and the AWS CLI are installed; docker is running']);
};

const installDeps: ScriptHandler = (host, _vars, env) => {
  const fresh = missingDeps(host).length > 0;
  write(host, LOCALE, 'en_AU.UTF-8 UTF-8', env.now);
  for (const p of [...PACKAGES, 'aws-cli']) host.packages[p] ??= VERSIONS[p]!;
  host.units[DOCKER_UNIT] = { ...host.units[DOCKER_UNIT], enabled: true, active: true };
  return outcome(0, [fresh ? 'Setting up docker.io (27.5.1-0ubuntu3~24.04.2) ...' : 'All packages are already the newest version.', 'Docker version 27.5.1'], [], fresh ? 60 : 3);
};

const deployKeyReady: ScriptHandler = (host, vars) => {
  const pub = host.files[`${vars.KEY_FILE}.pub`];
  if (!has(host, vars.KEY_FILE) || !pub) return outcome(1, [`no deploy key at ${vars.KEY_FILE}`]);
  return outcome(0, [`deploy key ${vars.KEY_FILE}; add this public key to the repository as a read-only deploy key:`, pub.content]);
};

const makeDeployKey: ScriptHandler = (host, vars, env) => {
  const file = vars.KEY_FILE ?? '';
  if (!has(host, file)) {
    const material = sha(`${file}${env.now}${Math.random()}`);
    write(host, file, `-----BEGIN OPENSSH PRIVATE KEY-----\n(sandbox ed25519 key ${material.slice(0, 12)})\n-----END OPENSSH PRIVATE KEY-----`, env.now);
    write(host, `${file}.pub`, `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${Buffer.from(material.slice(0, 32)).toString('base64').slice(0, 43)} ${vars.KEY_COMMENT}`, env.now);
  }
  return outcome(0, ['add this public key to the repository as a read-only deploy key:', host.files[`${file}.pub`]!.content]);
};

/** In the sandbox the repository accepts a deploy key once the operator has said it was added (the manual step before). */
const repoReadable: ScriptHandler = (host, vars) =>
  Object.keys(host.files).some((p) => p.endsWith('/.ssh/aquamark_deploy')) ? outcome(0, [`${vars.REPOSITORY} is readable with the deploy key`]) : outcome(1, [`${vars.REPOSITORY} does not accept the deploy key yet`]);

const appBuilt: ScriptHandler = (host, vars) => {
  const head = host.files[`${vars.APP_DIR}/.git/HEAD`]?.content;
  if (!head) return outcome(1, [`no checkout at ${vars.APP_DIR}`]);
  const wanted = commitOf(vars.REPOSITORY ?? '', vars.REF ?? '');
  if (head !== wanted) return outcome(1, [`checkout is at ${head}, not ${vars.REF} (${wanted})`]);
  if (!host.images.includes(normalizeImage(vars.IMAGE ?? ''))) return outcome(1, [`image ${vars.IMAGE} is not built`]);
  if (host.files[`${vars.APP_DIR}/.runbook-built`]?.content !== head) return outcome(1, [`image ${vars.IMAGE} was not built from ${head}`]);
  return outcome(0, [`${vars.APP_DIR} at ${vars.REF} (${head}); image ${vars.IMAGE} built from it`]);
};

const buildApp: ScriptHandler = (host, vars, env) => {
  if (!('git' in host.packages) || !('make' in host.packages)) return outcome(127, [], ['git: command not found']);
  if (!dockerActive(host)) return outcome(2, [], ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?']);
  const dir = vars.APP_DIR ?? '';
  const commit = commitOf(vars.REPOSITORY ?? '', vars.REF ?? '');
  write(host, `${dir}/.git/HEAD`, commit, env.now);
  write(host, `${dir}/src/app/config/aq.conf`, 'DATABASE_URL=postgresql://postgres:PASSWORD@localhost:5432/postgres\nAWS_ACCESS_KEY_ID=\nAWS_SECRET_ACCESS_KEY=\nANALYTICS_ID=', env.now);
  write(host, `${dir}/src/util/watchdog-install-deps.sh`, '#!/bin/sh\npip3 install -r requirements.txt', env.now);
  write(host, `${dir}/src/util/watchdog.py`, '#!/usr/bin/env python3', env.now);
  const image = normalizeImage(vars.IMAGE ?? '');
  // A rebuild reuses Docker's layer cache: a fraction of the first build.
  const seconds = host.images.includes(image) ? 60 : 240;
  if (!host.images.includes(image)) host.images.push(image);
  write(host, imageIdFile(image), `sha256:${sha(`image ${commit}`)}`, env.now);
  write(host, `${dir}/.runbook-built`, commit, env.now);
  return outcome(0, [`Successfully tagged ${image}`, `built ${vars.IMAGE} from ${commit.slice(0, 7)}`], [], seconds);
};

function databaseUrl(vars: Record<string, string>): string {
  return `postgresql://postgres:(password read from ${vars.SECRET_ARN})@${vars.DB_HOST}:${vars.DB_PORT}/${vars.DB_NAME}`;
}

function confProblems(host: HostState, vars: Record<string, string>): string[] {
  const conf = host.files[vars.CONF_FILE ?? '']?.content;
  if (conf === undefined) return [`${vars.CONF_FILE} does not exist`];
  const lines = conf.split('\n');
  return [
    !lines.includes(`DATABASE_URL=${databaseUrl(vars)}`) && `DATABASE_URL does not name ${vars.DB_HOST}:${vars.DB_PORT}/${vars.DB_NAME}`,
    lines.some((l) => /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)=/.test(l)) && `${vars.CONF_FILE} holds AWS access keys`,
    vars.ANALYTICS_ID && !lines.includes(`ANALYTICS_ID=${vars.ANALYTICS_ID}`) && `ANALYTICS_ID is not ${vars.ANALYTICS_ID}`,
  ].filter((p): p is string => Boolean(p));
}

/** write_database_url: aq.conf rewritten whole, the keys lines gone; refused without the secret's ARN (the role could not read it). */
function writeDatabaseUrl(host: HostState, vars: Record<string, string>, now: number): string | undefined {
  if (!SECRET_ARN.test(vars.SECRET_ARN ?? '')) return `cannot read secret ${vars.SECRET_ARN} with this instance's role: it needs secretsmanager:GetSecretValue on it`;
  if (!('aws-cli' in host.packages)) return 'aws: command not found';
  const old = host.files[vars.CONF_FILE ?? '']?.content ?? '';
  const keep = old.split('\n').filter((l) => l && !/^(DATABASE_URL|ANALYTICS_ID|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY)=/.test(l));
  write(host, vars.CONF_FILE ?? '', [...keep, `DATABASE_URL=${databaseUrl(vars)}`, ...(vars.ANALYTICS_ID ? [`ANALYTICS_ID=${vars.ANALYTICS_ID}`] : [])].join('\n'), now);
  return undefined;
}

const configReady: ScriptHandler = (host, vars) => {
  const problems = [...confProblems(host, vars), ...(host.units[ENV_UNIT]?.enabled ? [] : [`${ENV_UNIT} is not enabled`])];
  return problems.length ? outcome(1, problems) : outcome(0, [`${vars.CONF_FILE}: owner-only, DATABASE_URL for ${vars.DB_HOST}:${vars.DB_PORT}/${vars.DB_NAME} (password from Secrets Manager), no access keys; rewritten at boot`]);
};

const writeConfig: ScriptHandler = (host, vars, env) => {
  const template = host.files[`${vars.APP_DIR}/src/app/config/aq.conf`];
  if (!has(host, vars.CONF_FILE) && template) write(host, vars.CONF_FILE ?? '', template.content, env.now);
  const failed = writeDatabaseUrl(host, vars, env.now);
  if (failed) return outcome(1, [], [failed]);
  write(host, `/etc/systemd/system/${ENV_UNIT}`, '[Service]\nType=oneshot\nExecStart=/usr/local/sbin/aquamark-env\n\n[Install]\nWantedBy=multi-user.target', env.now);
  write(host, '/usr/local/sbin/aquamark-env', '#!/bin/bash\n. /etc/aquamark/database.env\nwrite_database_url', env.now);
  host.units[ENV_UNIT] = { enabled: true, active: false, path: `/etc/systemd/system/${ENV_UNIT}` };
  return outcome(0, [`wrote ${vars.CONF_FILE} (DATABASE_URL for ${vars.DB_HOST}:${vars.DB_PORT}/${vars.DB_NAME}, owner-only)`], [], 3);
};

/** Where a simulated host remembers the schema revision of the database it migrated (the database itself is in the account). */
const schemaFile = (host: HostState, vars: Record<string, string>) => {
  const url = host.files[vars.CONF_FILE ?? '']?.content.split('\n').find((l) => l.startsWith('DATABASE_URL='));
  return url ? `/var/lib/sandbox/alembic/${sha(url).slice(0, 16)}` : undefined;
};

const dbMigrated: ScriptHandler = (host, vars) => {
  const file = schemaFile(host, vars);
  if (!file) return outcome(1, ['alembic current failed (is the database reachable?)']);
  const head = schemaHead(host, vars.IMAGE ?? '');
  const current = host.files[file]?.content;
  return current === head ? outcome(0, [`schema at head: ${head} (head)`]) : outcome(1, [`schema not at head: ${current ?? 'no revision'}`]);
};

const migrateDb: ScriptHandler = (host, vars, env) => {
  if (!host.images.includes(normalizeImage(vars.IMAGE ?? ''))) return outcome(125, [], [`Unable to find image '${vars.IMAGE}' locally`]);
  const file = schemaFile(host, vars);
  if (!file) return outcome(1, [], ['sqlalchemy.exc.ArgumentError: Could not parse SQLAlchemy URL']);
  const from = host.files[file]?.content ?? '';
  const head = schemaHead(host, vars.IMAGE ?? '');
  write(host, file, head, env.now);
  return outcome(0, [`INFO  [alembic.runtime.migration] Running upgrade ${from} -> ${head}`, `${head} (head)`], [], 20);
};

function portsOf(spec: string | undefined) {
  if (!spec) return [];
  const [hostPort, containerPort] = spec.split(':').map(Number);
  return [{ hostPort: hostPort!, containerPort: containerPort! }];
}

function containerProblems(host: HostState, vars: Record<string, string>): string[] {
  const c = host.containers[vars.NAME ?? ''];
  if (!c) return [`container ${vars.NAME} does not exist`];
  const port = portsOf(vars.PORTS)[0];
  return [
    !c.running && `container ${vars.NAME} is not running`,
    c.restart !== 'always' && `container ${vars.NAME} does not restart always`,
    c.image !== normalizeImage(vars.IMAGE ?? '') && `container ${vars.NAME} does not run ${vars.IMAGE}`,
    c.image === normalizeImage(vars.IMAGE ?? '') && host.files[containerImageFile(vars.NAME ?? '')]?.content !== imageIdOf(host, vars.IMAGE ?? '') && `container ${vars.NAME} runs an older build of ${vars.IMAGE}`,
    port && !c.ports.some((p) => p.hostPort === port.hostPort && p.containerPort === port.containerPort) && `container ${vars.NAME} does not publish ${vars.PORTS}`,
  ].filter((p): p is string => Boolean(p));
}

const containerReady: ScriptHandler = (host, vars) => {
  const problems = containerProblems(host, vars);
  return problems.length ? outcome(1, problems) : outcome(0, [`container ${vars.NAME} runs ${vars.IMAGE}, restart always${vars.PORTS ? `, ports ${vars.PORTS}` : ''}`]);
};

const runContainer: ScriptHandler = (host, vars, env) => {
  if (!dockerActive(host)) return outcome(1, [], ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?']);
  if (!host.images.includes(normalizeImage(vars.IMAGE ?? ''))) return outcome(125, [], [`Unable to find image '${vars.IMAGE}' locally`]);
  if (!has(host, vars.CONF_FILE)) return outcome(125, [], [`docker: open ${vars.CONF_FILE}: no such file or directory.`]);
  const name = vars.NAME ?? '';
  delete host.containers[name];
  createContainer(host, name, vars.IMAGE ?? '', portsOf(vars.PORTS), 'always');
  write(host, containerImageFile(name), imageIdOf(host, vars.IMAGE ?? '') ?? '', env.now);
  startContainer(host, name);
  return outcome(0, [`/${name} running`], [], 5);
};

/** The application answers /ping once its container publishes port 80 (it reads aq.conf at start). */
function servesPing(host: HostState): boolean {
  return listeners(host, 80).some((c) => c.image === normalizeImage('vpac/aquamark'));
}

const pingLocal: ScriptHandler = (host) => (servesPing(host) ? outcome(0, [PING_ANSWER]) : outcome(7, [], ['curl: (7) Failed to connect to localhost port 80: Connection refused']));

/** The mail settings as the host holds them: the password only as its hash. */
function mailConfig(vars: Record<string, string>): string {
  return [`smtp: ${vars.SMTP_HOST}:${vars.SMTP_PORT} as ${vars.SMTP_USER}`, `password sha256: ${sha(vars.SMTP_PASSWORD ?? '')}`, `from: ${vars.MAIL_FROM}`, `to: ${vars.MAIL_TO}`].join('\n');
}

/** What a probe compares: everything but the password, which a probe never receives. */
function sameMailConfig(content: string | undefined, vars: Record<string, string>): boolean {
  const withoutPassword = (text: string) => text.split('\n').filter((l) => !l.startsWith('password')).join('\n');
  return content !== undefined && withoutPassword(content) === withoutPassword(mailConfig(vars));
}

const watchdogFile = (vars: Record<string, string>) => `${vars.APP_DIR}/src/util/watchdog.yaml`;
const WATCHDOG_DEPS = '/var/lib/aquamark/watchdog-deps';
const WATCHDOG_TESTED = '/var/lib/aquamark/watchdog-tested';

const watchdogReady: ScriptHandler = (host, vars) => {
  if (!sameMailConfig(host.files[watchdogFile(vars)]?.content, vars)) return outcome(1, [`${watchdogFile(vars)} does not hold these mail settings`]);
  if (!has(host, WATCHDOG_DEPS)) return outcome(1, ["the watchdog's dependencies are not installed"]);
  return outcome(0, [`${watchdogFile(vars)} holds the mail settings (owner-only); dependencies installed`]);
};

const configureWatchdog: ScriptHandler = (host, vars, env) => {
  if (!has(host, `${vars.APP_DIR}/src/util/watchdog-install-deps.sh`)) return outcome(127, [], [`${vars.APP_DIR}/src/util/watchdog-install-deps.sh: No such file or directory`]);
  write(host, watchdogFile(vars), mailConfig(vars), env.now);
  if (!has(host, WATCHDOG_DEPS)) write(host, WATCHDOG_DEPS, new Date(env.now).toISOString(), env.now);
  return outcome(0, [`watchdog configured for ${vars.MAIL_TO} via ${vars.SMTP_HOST}:${vars.SMTP_PORT}`], [], 15);
};

const watchdogTested: ScriptHandler = (host, vars) => {
  const settings = host.files[watchdogFile(vars)]?.content;
  return settings !== undefined && host.files[WATCHDOG_TESTED]?.content === sha(settings) ? outcome(0, ['the watchdog test passed with these settings']) : outcome(1, ['the watchdog has not been tested with these settings']);
};

const testWatchdog: ScriptHandler = (host, vars, env) => {
  const settings = host.files[watchdogFile(vars)]?.content;
  if (settings === undefined) return outcome(1, [], [`${watchdogFile(vars)}: No such file or directory`]);
  write(host, WATCHDOG_TESTED, sha(settings), env.now);
  return outcome(0, ['Sending test email... OK', `watchdog test passed: a test email was sent to ${vars.MAIL_TO}`], [], 5);
};

const crontab = (vars: Record<string, string>) => `/var/spool/cron/crontabs/${vars.USER_NAME}`;

const watchdogCronReady: ScriptHandler = (host, vars) =>
  host.files[crontab(vars)]?.content.includes('watchdog.py') ? outcome(0, ["the watchdog's cron job is installed"]) : outcome(1, [`no watchdog cron job for ${vars.USER_NAME}`]);

const installWatchdogCron: ScriptHandler = (host, vars, env) => {
  const line = `*/5 * * * * ${vars.APP_DIR}/src/util/watchdog.py`;
  const current = host.files[crontab(vars)]?.content ?? '';
  if (!current.includes('watchdog.py')) write(host, crontab(vars), [current, line].filter(Boolean).join('\n'), env.now);
  return outcome(0, [line]);
};

const daemonConfigReady: ScriptHandler = (host, vars) => {
  if (!sameMailConfig(host.files[`${vars.CONF_DIR}/${vars.CONFIG}`]?.content, vars)) return outcome(1, [`${vars.CONF_DIR}/${vars.CONFIG} does not hold these mail settings`]);
  const problems = confProblems(host, vars);
  return problems.length ? outcome(1, problems) : outcome(0, [`${vars.CONF_DIR}/${vars.CONFIG} holds the mail settings; ${vars.CONF_FILE} names the database`]);
};

const writeDaemonConfig: ScriptHandler = (host, vars, env) => {
  write(host, `${vars.CONF_DIR}/${vars.CONFIG}`, mailConfig(vars), env.now);
  const failed = writeDatabaseUrl(host, vars, env.now);
  return failed ? outcome(1, [], [failed]) : outcome(0, [`wrote ${vars.CONF_DIR}/${vars.CONFIG} and ${vars.CONF_FILE}`]);
};

export default defineSimulation(
  simulate(scripts.depsReady, depsReady),
  simulate(scripts.installDeps, installDeps),
  simulate(scripts.deployKeyReady, deployKeyReady),
  simulate(scripts.makeDeployKey, makeDeployKey),
  simulate(scripts.repoReadable, repoReadable),
  simulate(scripts.appBuilt, appBuilt),
  simulate(scripts.buildApp, buildApp),
  simulate(scripts.configReady, configReady),
  simulate(scripts.writeConfig, writeConfig),
  simulate(scripts.dbMigrated, dbMigrated),
  simulate(scripts.migrateDb, migrateDb),
  simulate(scripts.containerReady, containerReady),
  simulate(scripts.runContainer, runContainer),
  simulate(scripts.pingLocal, pingLocal),
  simulate(scripts.watchdogReady, watchdogReady),
  simulate(scripts.configureWatchdog, configureWatchdog),
  simulate(scripts.watchdogTested, watchdogTested),
  simulate(scripts.testWatchdog, testWatchdog),
  simulate(scripts.watchdogCronReady, watchdogCronReady),
  simulate(scripts.installWatchdogCron, installWatchdogCron),
  simulate(scripts.daemonConfigReady, daemonConfigReady),
  simulate(scripts.writeDaemonConfig, writeDaemonConfig),
  // Behind the load balancer: the instance that answers serves /ping once its container runs.
  simulateWeb((request) => {
    if (!request.host || request.path !== '/ping') return undefined;
    if (!servesPing(request.host)) return { status: 502, headers: { 'content-type': 'text/html', 'x-sandbox': 'simulated' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
    return { status: 200, headers: { 'content-type': 'text/plain', 'x-sandbox': 'simulated' }, body: PING_ANSWER };
  }),
);
