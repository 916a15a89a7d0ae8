/**
 * `runbook destroy <run-id>`: remove what a run made. At a terminal the
 * whole list is shown and confirmed once; without one, `--yes` is the
 * consent; `--dry-run` lists every removal and sends none.
 */
import { UsageError } from '../../core/errors.js';
import { executeDestroy, type DestroyPlanItem } from '../../engine/destroy/destroy.js';
import { describeCall } from '../../io/describe-calls.js';
import { runbookOfRun } from '../catalog.js';
import { paint } from '../colors.js';
import type { CliIo } from '../io.js';
import { openRunStore } from '../run-store.js';
import { checkTarget, type RunFlags } from '../run-options.js';

export interface DestroyFlags extends Pick<RunFlags, 'nonInteractive' | 'yes' | 'dryRun' | 'region' | 'profile' | 'endpointUrl' | 'sandbox' | 'stateDir' | 'json' | 'force' | 'runbooks' | 'stateKmsKey'> {
  /** `--delete-data ec2:volume,efs:file-system` (repeatable), or `all`. */
  deleteData?: string[];
  /** `--no-snapshot` sets it false. */
  snapshot?: boolean;
}

const DATA_TYPE = /^(all|[a-z0-9]+:[a-z0-9-]+)$/;

export async function destroyCommand(io: CliIo, runId: string, flags: DestroyFlags): Promise<number> {
  await checkTarget(flags as RunFlags, io.env);
  const deleteData = (flags.deleteData ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean);
  for (const d of deleteData) if (!DATA_TYPE.test(d)) throw new UsageError(`--delete-data ${d}: expected resource types such as ec2:volume or efs:file-system (as the destroy lists them), or all.`);
  const interactive = !flags.nonInteractive && io.stdinIsTTY;
  if (!interactive && !flags.yes && !flags.dryRun)
    throw new UsageError('A destroy without a terminal to confirm it needs --yes (and --dry-run shows what it would remove).');
  const { store, localDir } = await openRunStore(io, flags.stateDir, {
    target: { region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl },
    sandbox: flags.sandbox,
    kmsKeyId: flags.stateKmsKey,
  });
  const recorded = (await store.load(runId)).runbook;
  const { def } = await runbookOfRun(recorded.id, recorded.origin, { cwd: io.cwd, env: io.env, runbookDirs: flags.runbooks });

  const controller = new AbortController();
  const onSignal = () => {
    io.stderr.write('\nInterrupted: finishing the current removal and saving the state; run the same destroy again to continue.\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const emit = (event: Record<string, unknown>) => io.stdout.write(`${JSON.stringify(event)}\n`);
  try {
    const result = await executeDestroy({
      runbook: def,
      runId,
      store,
      stateDir: localDir,
      target: { region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl },
      ...(flags.sandbox ? { sandbox: (await import('../../sandbox/index.js')).sandboxFor({ region: flags.region }) } : {}),
      dryRun: Boolean(flags.dryRun),
      deleteData,
      snapshotFirst: flags.snapshot !== false,
      force: flags.force,
      signal: controller.signal,
      progress: (line) => io.stderr.write(`${line}\n`),
      ...(flags.json ? { onEvent: emit } : {}),
      ...(interactive && !flags.yes
        ? {
            confirm: async (plan) => {
              io.stderr.write(planText(runId, plan));
              const { confirm } = await import('@inquirer/prompts');
              return confirm({ message: `Remove the ${plan.filter((p) => p.action === 'remove').length} resources listed?`, default: false });
            },
          }
        : {}),
    });
    if (flags.dryRun || !interactive || flags.yes) io.stderr.write(planText(runId, result.plan));
    if (flags.json) emit({ event: 'destroy-finished', runId, status: result.status, exitCode: result.exitCode, message: result.message, resources: result.record?.resources ?? result.plan.map((p) => ({ step: p.step, type: p.resource.type, id: p.resource.id, action: p.action, reason: p.reason })) });
    io.stderr.write(`${paint(result.status === 'destroyed' || result.status === 'planned' ? 'succeeded' : 'failed', result.message)}\n`);
    return result.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Every resource found, what will become of it, and the calls that remove it; then the steps no undo reverses. */
export function planText(runId: string, plan: readonly DestroyPlanItem[]): string {
  const resources = plan.filter((p) => p.action !== 'stays');
  const lines = resources.length ? [`What run ${runId} made, last made first:`] : [`Run ${runId} left nothing to remove.`];
  for (const p of resources) {
    const head = `  ${p.action === 'remove' ? 'remove' : 'keep  '} ${p.resource.type} ${p.resource.id} [${p.step}]`;
    lines.push(p.reason ? `${head}: ${p.reason}` : head);
    if (p.action === 'remove') for (const call of p.calls) lines.push(...describeCall(call).map((l, i) => `      ${i ? '  ' : ''}${l}`));
  }
  const stays = new Map<string, DestroyPlanItem[]>();
  for (const p of plan.filter((i) => i.action === 'stays')) stays.set(p.resource.type, [...(stays.get(p.resource.type) ?? []), p]);
  if (stays.size) lines.push('Changed by the run and not undone (these kinds have no undo):');
  for (const [kind, items] of stays) lines.push(`  ${kind}: ${items.map((i) => i.step).join(', ')} (${items[0]!.reason})`);
  return `${lines.join('\n')}\n`;
}
