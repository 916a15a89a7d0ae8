/**
 * The recalculation and notification daemons on the backup machine (an
 * existing instance): the image built there as on the build instance, each
 * daemon's config file with the mail settings, aq.conf with DATABASE_URL
 * built on the host from the secret, and each container run with
 * --restart=always, then checked running.
 */
import { ec2, firstOf, ssm, type AnyStep, type Condition, type Ref } from '../../src/authoring/index.js';
import { buildHost, CONF_DIR, CONF_FILE, IMAGE, LOGIN_USER } from './build-host.js';
import { scripts } from './scripts.js';

export const hasBackupMachine: Condition = { describe: 'backupInstanceId or backupInstanceName is given', test: (p) => Boolean(p.backupInstanceId || p.backupInstanceName) };

export interface DaemonOptions {
  backupInstanceId: Ref<string | undefined>;
  backupInstanceName: Ref<string | undefined>;
  repository: Ref<string>;
  ref: Ref<string>;
  mail: Record<string, Ref<unknown> | string>;
  smtpPassword: Ref<string | undefined>;
  database: { DB_HOST: Ref<string>; DB_PORT: Ref<number>; DB_NAME: Ref<string>; SECRET_ARN: Ref<string> };
  /** The database is migrated before a daemon reads it. */
  after: AnyStep[];
}

const DAEMONS = [
  { id: 'recalc', config: 'recalculate.yaml', command: 'python3 ./server/recalculate.py', covers: 'recalc' },
  { id: 'notify', config: 'notification.yaml', command: 'python3 ./server/notifications.py', covers: 'notify' },
] as const;

export function daemonSteps(o: DaemonOptions): AnyStep[] {
  const machine = ec2.findInstance('backup-machine', {
    covers: 'recalc-run, notify-run',
    when: hasBackupMachine,
    what: 'the backup machine',
    instanceId: o.backupInstanceId,
    name: firstOf(o.backupInstanceName, ''),
  });
  const on = machine.out.instanceId;
  const host = buildHost({
    prefix: 'backup-',
    what: 'the backup machine',
    instanceId: on,
    repository: o.repository,
    ref: o.ref,
    covers: { deps: 'recalc-run, notify-run', key: 'recalc-run, notify-run', addKey: 'recalc-run, notify-run', build: 'recalc-run, notify-run' },
  });
  const steps: AnyStep[] = [machine, ...host.steps];
  for (const d of DAEMONS) {
    const configVars = { ...o.mail, ...o.database, USER_NAME: LOGIN_USER, CONF_DIR, CONF_FILE, CONFIG: d.config };
    const secrets = { SMTP_PASSWORD: firstOf<string>(o.smtpPassword) };
    const config = ssm.script(`${d.id}-config`, {
      covers: `${d.covers}-config, ${d.covers}-ses`,
      title: `Write ${d.config} and aq.conf on the backup machine`,
      when: hasBackupMachine,
      after: [host.built, ...o.after],
      instanceId: on,
      probe: scripts.daemonConfigReady.with(configVars),
      script: scripts.writeDaemonConfig.with(configVars, secrets),
    });
    const containerVars = { NAME: d.id, IMAGE, CONF_FILE, CONFIG_MOUNT: `${CONF_DIR}:/usr/share/aquamark/app/config`, COMMAND: d.command, PORTS: '' };
    const run = ssm.script(`${d.id}-daemon`, {
      covers: `${d.covers}-run`,
      title: `Run the ${d.id} daemon (--restart=always)`,
      when: hasBackupMachine,
      after: [config],
      instanceId: on,
      probe: scripts.containerReady.with(containerVars),
      script: scripts.runContainer.with(containerVars),
    });
    const running = ssm.verify(`${d.id}-running`, {
      covers: `${d.covers}-run`,
      title: `Verify: the ${d.id} container is running`,
      when: hasBackupMachine,
      after: [run],
      instanceId: on,
      probe: scripts.containerReady.with(containerVars),
      expect: ssm.succeeds(`the ${d.id} container runs with restart always`),
    });
    steps.push(config, run, running);
  }
  return steps;
}
