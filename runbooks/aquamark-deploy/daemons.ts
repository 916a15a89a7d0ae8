/**
 * The recalculation and notification daemons on the backup machine (an
 * existing instance): the image built there as on the build instance, each
 * daemon's config file with the mail settings, aq.conf with DATABASE_URL
 * built on the host from the secret, and each container run with
 * --restart=always, then checked running. aquamark-upgrade rebuilds the
 * image there and replaces the containers with the same steps.
 */
import { ec2, firstOf, ssm, type AnyStep, type Condition, type Ref, type Step } from '../../src/authoring/index.js';
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

export const DAEMONS = [
  { id: 'recalc', config: 'recalculate.yaml', command: 'python3 ./server/recalculate.py', covers: 'recalc' },
  { id: 'notify', config: 'notification.yaml', command: 'python3 ./server/notifications.py', covers: 'notify' },
] as const;
export type Daemon = (typeof DAEMONS)[number];

export interface BackupMachineOptions {
  backupInstanceId: Ref<string | undefined>;
  backupInstanceName: Ref<string | undefined>;
  covers: string;
}

/** The backup machine, by id or Name tag (an existing instance with the SSM agent). */
export function findBackupMachine(o: BackupMachineOptions): Step<{ instanceId: string }> {
  return ec2.findInstance('backup-machine', {
    covers: o.covers,
    when: hasBackupMachine,
    what: 'the backup machine',
    instanceId: o.backupInstanceId,
    name: firstOf(o.backupInstanceName, ''),
  });
}

/** The daemon's container from the current build (one made from an older build is replaced), then checked running. */
export function daemonContainer(d: Daemon, instanceId: Ref<string>, after: AnyStep[], covers: string): AnyStep[] {
  const containerVars = { NAME: d.id, IMAGE, CONF_FILE, CONFIG_MOUNT: `${CONF_DIR}:/usr/share/aquamark/app/config`, COMMAND: d.command, PORTS: '' };
  const run = ssm.script(`${d.id}-daemon`, {
    covers,
    title: `Run the ${d.id} daemon (--restart=always)`,
    when: hasBackupMachine,
    after,
    instanceId,
    probe: scripts.containerReady.with(containerVars),
    script: scripts.runContainer.with(containerVars),
  });
  const running = ssm.verify(`${d.id}-running`, {
    covers,
    title: `Verify: the ${d.id} container is running`,
    when: hasBackupMachine,
    after: [run],
    instanceId,
    probe: scripts.containerReady.with(containerVars),
    expect: ssm.succeeds(`the ${d.id} container runs the current build with restart always`),
  });
  return [run, running];
}

export function daemonSteps(o: DaemonOptions): AnyStep[] {
  const c = 'recalc-run, notify-run';
  const machine = findBackupMachine({ ...o, covers: c });
  const on = machine.out.instanceId;
  const host = buildHost({ prefix: 'backup-', what: 'the backup machine', instanceId: on, repository: o.repository, ref: o.ref, covers: { deps: c, key: c, addKey: c, build: c } });
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
    steps.push(config, ...daemonContainer(d, on, [config], `${d.covers}-run`));
  }
  return steps;
}
