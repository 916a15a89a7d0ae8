/**
 * A version deployed to an environment's instances as current platforms do
 * it: the bundle replaces /var/app/current, every `.ebextensions/*.config`
 * must parse (its environment properties are applied), then
 * `.platform/hooks/postdeploy/*` run in name order as root. A hook that fails,
 * or that the sandbox does not simulate, fails the deployment with the
 * platform's message and the hook's own error.
 */
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import type { OperationContext } from '../lib/context.js';
import { removeLocalTree } from '../../host/nfs.js';
import { runScriptOn } from '../lib/host-run.js';
import type { Environment, EnvironmentEvent, EnvironmentOptionSetting } from '../../account/state.js';
import { after } from '../../account/time.js';

export const APP_ROOT = '/var/app/current';
/** Simulated seconds an update takes, however it ends. */
export const UPDATE_SECONDS = 90;
const POSTDEPLOY = '.platform/hooks/postdeploy/';
const PROPERTIES = 'aws:elasticbeanstalk:application:environment';

/** What Elastic Beanstalk puts on instances launched without a version of yours. */
export const SAMPLE_APPLICATION: Record<string, Uint8Array> = {
  'index.php': new TextEncoder().encode('<?php echo "Elastic Beanstalk sample application (sandbox)";\n'),
};

function bundleOf(ctx: OperationContext, env: Environment, label: string): Record<string, Uint8Array> | string {
  const source = ctx.region.applications[env.ApplicationName]?.versions[label]?.SourceBundle;
  if (!source) return SAMPLE_APPLICATION;
  const body = ctx.account.s3.buckets[source.S3Bucket]?.objects[source.S3Key]?.bodyBase64;
  if (body === undefined) return `the sandbox did not keep s3://${source.S3Bucket}/${source.S3Key} (only bundles under 1 MiB are kept)`;
  try {
    return unzipSync(Buffer.from(body, 'base64'));
  } catch (err) {
    return `s3://${source.S3Bucket}/${source.S3Key} is not a zip file (${(err as Error).message})`;
  }
}

/** The environment properties the bundle's `.ebextensions` set; a file that does not parse is the platform's error. */
function ebextensionProperties(files: Record<string, Uint8Array>): EnvironmentOptionSetting[] | string {
  const settings: EnvironmentOptionSetting[] = [];
  for (const path of Object.keys(files).filter((p) => /^\.ebextensions\/[^/]+\.config$/.test(p)).sort()) {
    let doc: unknown;
    try {
      doc = parse(new TextDecoder().decode(files[path]));
    } catch (err) {
      return `The configuration file ${path} in application version is not a valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`;
    }
    const options = (doc as { option_settings?: unknown } | null)?.option_settings;
    const properties = options && typeof options === 'object' && !Array.isArray(options) ? (options as Record<string, unknown>)[PROPERTIES] : undefined;
    for (const [OptionName, value] of Object.entries((properties ?? {}) as Record<string, unknown>)) settings.push({ Namespace: PROPERTIES, OptionName, Value: String(value) });
  }
  return settings;
}

/** The bundle unpacked on one instance, then its postdeploy hooks; the hook's failure, if any. */
function deployToInstance(ctx: OperationContext, instanceId: string, files: Record<string, Uint8Array>): string | undefined {
  const instance = ctx.region.instances[instanceId];
  if (!instance) return `[Instance: ${instanceId}] The instance no longer exists.`;
  const host = instance.host;
  removeLocalTree(host, APP_ROOT);
  for (const [path, bytes] of Object.entries(files)) host.files[`${APP_ROOT}/${path}`] = { content: Buffer.from(bytes).toString('latin1'), mtime: ctx.now };
  for (const hook of Object.keys(files).filter((p) => p.startsWith(POSTDEPLOY)).sort()) {
    const result = runScriptOn(ctx, instance, new TextDecoder().decode(files[hook]));
    if (result.exitCode !== 0)
      return `[Instance: ${instanceId}] Command failed on instance. An error occurred during execution of command [app-deploy] - [RunAppDeployPostDeployHooks]. Error: Command ${hook} failed with error exit status ${result.exitCode}. Stderr:${result.stderr.trim()}`;
  }
  return undefined;
}

/** Deploys `label` to every instance of the environment; the errors, one per instance that failed. */
export function deployVersion(ctx: OperationContext, env: Environment, label: string, instanceIds = env.instanceIds ?? []): string[] {
  // A seeded environment has no instances to unpack a bundle on: its deployments only take time.
  if (!env.instanceIds) return [];
  const files = bundleOf(ctx, env, label);
  if (typeof files === 'string') return [`Failed to deploy application: ${files}`];
  const properties = ebextensionProperties(files);
  if (typeof properties === 'string') return [properties];
  const keys = new Set(properties.map((p) => p.OptionName));
  env.optionSettings = [...(env.optionSettings ?? []).filter((s) => !(s.Namespace === PROPERTIES && keys.has(s.OptionName))), ...properties];
  return instanceIds.map((id) => deployToInstance(ctx, id, files)).filter((e): e is string => e !== undefined);
}

/** What the console shows during an update (dated from now; they appear as their time comes). */
export function updateEvents(ctx: OperationContext, env: Environment, change: { label?: string; settings: boolean; errors: string[] }): EnvironmentEvent[] {
  const { label, settings, errors } = change;
  const event = (seconds: number, Message: string, Severity: EnvironmentEvent['Severity'] = 'INFO'): EnvironmentEvent => ({
    at: after(ctx.now, seconds),
    Message,
    Severity,
    ApplicationName: env.ApplicationName,
    EnvironmentName: env.EnvironmentName,
    VersionLabel: label,
  });
  const failed = errors.map((e) => /\[Instance: (i-[0-9a-f]+)\]/.exec(e)?.[1]).filter(Boolean);
  return [
    event(0, 'Environment update is starting.'),
    ...(settings ? [event(3, `Updating environment ${env.EnvironmentName}'s configuration settings.`)] : []),
    ...(label ? [event(5, 'Deploying new version to instance(s).')] : []),
    ...(errors.length
      ? [
          ...errors.map((e) => event(80, e, 'ERROR')),
          event(85, `Unsuccessful command execution on instance id(s) '${failed.join(',')}'. Aborting the operation.`, 'ERROR'),
          event(UPDATE_SECONDS, 'Failed to deploy application.', 'ERROR'),
        ]
      : [
          event(85, 'Instance deployment completed successfully.'),
          ...(label ? [event(88, 'New application version was deployed to running EC2 instances.')] : []),
          event(UPDATE_SECONDS, 'Environment update completed successfully.'),
        ]),
  ];
}
