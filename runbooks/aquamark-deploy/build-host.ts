/**
 * What a host needs before it runs Aquamark's image, the same on the build
 * instance and the backup machine (the source's "make sure the image has been
 * built"): the dependencies, a deploy key made on it (the operator adds its
 * public half to the repository; the private key never leaves the host), the
 * checkout at the ref, and the image built with make. One function, so the
 * two hosts cannot drift apart.
 */
import { manual, ssm, template, type AnyStep, type Ref, type Step } from '../../src/authoring/index.js';
import { here as dir, scripts } from './scripts.js';

export const LOGIN_USER = 'ubuntu';
export const HOME = `/home/${LOGIN_USER}`;
export const APP_DIR = `${HOME}/aquamark`;
export const CONF_DIR = `${HOME}/aq_conf`;
export const CONF_FILE = `${CONF_DIR}/aq.conf`;
export const IMAGE = 'vpac/aquamark';

export interface HostOptions {
  /** Step ids start with it: '' for the build instance, 'backup-' for the backup machine. */
  prefix: string;
  what: string;
  instanceId: Ref<string>;
  repository: Ref<string>;
  ref: Ref<string>;
  covers: { deps: string; key: string; addKey: string; build: string };
}

export interface HostSteps {
  steps: AnyStep[];
  built: Step<unknown>;
}

export function buildHost(o: HostOptions): HostSteps {
  const on = o.instanceId;
  const keyFile = `${HOME}/.ssh/aquamark_deploy`;
  const deps = ssm.script(`${o.prefix}install-deps`, {
    covers: o.covers.deps,
    title: `Install the dependencies on ${o.what} (Docker from Ubuntu's archive)`,
    instanceId: on,
    probe: scripts.depsReady.with(),
    script: scripts.installDeps.with(),
  });
  const keyVars = { KEY_FILE: keyFile, USER_NAME: LOGIN_USER, KEY_COMMENT: `aquamark deploy key (${o.what})`, REPOSITORY: o.repository };
  const key = ssm.script(`${o.prefix}deploy-key`, {
    covers: o.covers.key,
    title: `Make the deploy key on ${o.what} (ed25519; its public half is shown)`,
    after: [deps],
    instanceId: on,
    probe: scripts.deployKeyReady.with(keyVars),
    script: scripts.makeDeployKey.with(keyVars),
  });
  const addKey = manual(`${o.prefix}add-deploy-key`, {
    covers: o.covers.addKey,
    title: `Add ${o.what}'s deploy key to the repository, read-only`,
    after: [key],
    instructions: template(dir, 'instructions/deploy-key.md'),
    vars: { KEY_STEP: `${o.prefix}deploy-key`, KEY_FILE: keyFile, TITLE: `aquamark ${o.what}`, INSTANCE: on, REPOSITORY: o.repository },
  });
  const readable = repositoryReadable({ ...o, after: [addKey], covers: o.covers.addKey });
  const built = buildImage({ ...o, after: [readable], covers: o.covers.build });
  return { steps: [deps, key, addKey, readable, built], built };
}

export interface CheckoutOptions {
  prefix: string;
  what: string;
  instanceId: Ref<string>;
  repository: Ref<string>;
  ref: Ref<string>;
  after: AnyStep[];
  covers: string;
}

/** git ls-remote with the host's deploy key: the repository still accepts it. */
export function repositoryReadable(o: Omit<CheckoutOptions, 'ref'>): Step<unknown> {
  return ssm.verify(`${o.prefix}repository-readable`, {
    covers: o.covers,
    title: `Verify: the repository accepts ${o.what}'s deploy key`,
    after: o.after,
    instanceId: o.instanceId,
    probe: scripts.repoReadable.with({ REPOSITORY: o.repository, USER_NAME: LOGIN_USER }),
    expect: ssm.succeeds('git ls-remote works with the deploy key'),
  });
}

/** The checkout fetched and detached at the ref, and the image built from it with make (again only when the commit changed). */
export function buildImage(o: CheckoutOptions): Step<unknown> {
  const buildVars = { APP_DIR, REF: o.ref, IMAGE, REPOSITORY: o.repository, USER_NAME: LOGIN_USER };
  return ssm.script(`${o.prefix}build-image`, {
    covers: o.covers,
    title: `Clone the repository at the ref and build the image on ${o.what} (make)`,
    after: o.after,
    instanceId: o.instanceId,
    probe: scripts.appBuilt.with(buildVars),
    script: scripts.buildApp.with(buildVars),
    timeoutSeconds: 3600,
  });
}
