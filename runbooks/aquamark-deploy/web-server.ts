/**
 * The application on a host that has the image and aq.conf: the schema
 * migrated with alembic, and the web server, container aquamark with
 * --restart=always, port 80 to 8000 (the source's "start the web server"),
 * then /ping checked on the host. The same steps run on aquamark-deploy's
 * build instance and on aquamark-upgrade's.
 */
import { http, ssm, type AnyStep, type Condition, type Ref, type Step } from '../../src/authoring/index.js';
import { CONF_FILE, IMAGE } from './build-host.js';
import { scripts } from './scripts.js';

export const HTTP_PORT = 80;
export const APP_PORT = 8000;
export const HEALTH_PATH = '/ping';
export const PING_ANSWER = 'Web services are UP';
export const WEB_CONTAINER = 'aquamark';

export interface WebServerOptions {
  instanceId: Ref<string>;
  what: string;
  after: AnyStep[];
  covers: { run: string; ping: string };
}

export function webServer(o: WebServerOptions): { web: Step<unknown>; ping: Step<unknown> } {
  const webVars = { NAME: WEB_CONTAINER, IMAGE, CONF_FILE, PORTS: `${HTTP_PORT}:${APP_PORT}`, CONFIG_MOUNT: '', COMMAND: '' };
  const web = ssm.script('web-server', {
    covers: o.covers.run,
    title: `Start the web server (container ${WEB_CONTAINER}, --restart=always, port ${HTTP_PORT} to ${APP_PORT})`,
    after: o.after,
    instanceId: o.instanceId,
    probe: scripts.containerReady.with(webVars),
    script: scripts.runContainer.with(webVars),
  });
  const ping = ssm.verify('ping-on-host', {
    covers: o.covers.ping,
    title: `Verify: ${HEALTH_PATH} answers "${PING_ANSWER}" on ${o.what}`,
    after: [web],
    instanceId: o.instanceId,
    probe: scripts.pingLocal.with(),
    expect: ssm.outputLineIs(PING_ANSWER),
  });
  return { web, ping };
}

/** `/ping` on every instance of an Auto Scaling group, not only those the load balancer happens to pick: one command to the group's tag, at most half at a time. */
export function pingEveryInstance(o: { id: string; groupName: Ref<string>; after: AnyStep[]; covers: string }) {
  return ssm.verify(o.id, {
    covers: o.covers,
    title: `Verify on every instance of the group: ${HEALTH_PATH} answers "${PING_ANSWER}"`,
    after: o.after,
    instanceTags: { 'aws:autoscaling:groupName': o.groupName },
    maxConcurrency: '50%',
    probe: scripts.pingLocal.with(),
    expect: ssm.outputLineIs(PING_ANSWER),
  });
}

export interface MigrationOptions {
  instanceId: Ref<string>;
  after: AnyStep[];
  covers: string;
  when?: Condition;
}

/** alembic upgrade head in the image; its probe asks alembic whether the schema is at this build's head. */
export function migration(o: MigrationOptions): Step<unknown> {
  const appVars = { CONF_FILE, IMAGE };
  return ssm.script('migrate', {
    covers: o.covers,
    title: 'Migrate the schema (alembic upgrade head)',
    ...(o.when ? { when: o.when } : {}),
    after: o.after,
    instanceId: o.instanceId,
    probe: scripts.dbMigrated.with(appVars),
    script: scripts.migrateDb.with(appVars),
  });
}

/** /ping through the load balancer's DNS name, with patience while the targets pass their checks. */
export function pingThroughLoadBalancer(o: { url: Ref<string>; after: AnyStep[]; covers: string }): Step<unknown> {
  return http.page('ping-through-load-balancer', {
    covers: o.covers,
    title: `Verify: ${HEALTH_PATH} answers "${PING_ANSWER}" through the load balancer`,
    after: o.after,
    url: o.url,
    path: HEALTH_PATH,
    expectStatus: 200,
    expectText: PING_ANSWER,
    waitSeconds: 300,
  });
}
