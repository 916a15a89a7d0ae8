/**
 * `s3.recentBackup`: a backup made of objects under a prefix (the EFS
 * backup's `.gz` archives under `Backup/`) is recent enough. The check lists
 * the prefix page by page and reports how many there are and the newest. When
 * the newest is older than the window, apply runs the backup script on the
 * backup instance through SSM Run Command and waits for a newer object; an
 * unattended run does so only when it was asked to (`runUnattended`).
 */
import { DescribeInstancesCommand } from '../../aws/sdk/ec2.js';
import { ListObjectsV2Command } from '../../aws/sdk/s3.js';
import type { ShellScript } from '../../aws/shell.js';
import { outputTail, runScript } from '../../aws/ssm-run.js';
import { waitFor } from '../../aws/wait.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';

export interface RecentBackupInput {
  bucket: string;
  region: string;
  prefix: string;
  /** Object names that are backup archives, e.g. ['.gz']. */
  suffixes: string[];
  maxAgeHours: number;
  /** How to make a new backup: a script on the instance with this id, or the running one with this Name tag. */
  backup: { instanceId?: string; instanceName: string; script: ShellScript; what: string };
  /** In --non-interactive, make a backup only when this is true. */
  runUnattended: boolean;
}

export interface RecentBackupOutputs {
  count: number;
  newestKey: string;
  /** ISO time of the newest archive. */
  newestAt: string;
  ageHours: number;
}

interface Found {
  newestAt?: number;
}

interface Listing {
  count: number;
  newest?: { key: string; at: number };
  pages: number;
}

export async function listBackups(ctx: StepContext, input: Pick<RecentBackupInput, 'bucket' | 'region' | 'prefix' | 'suffixes'>): Promise<Listing> {
  const s3 = ctx.aws.inRegion(input.region).s3;
  const listing: Listing = { count: 0, pages: 0 };
  let token: string | undefined;
  do {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: input.bucket, Prefix: input.prefix, ContinuationToken: token }));
    listing.pages++;
    for (const o of res.Contents ?? []) {
      if (!o.Key || !input.suffixes.some((s) => o.Key!.endsWith(s))) continue;
      listing.count++;
      const at = o.LastModified?.getTime() ?? 0;
      if (!listing.newest || at > listing.newest.at) listing.newest = { key: o.Key, at };
    }
    token = res.IsTruncated ? res.NextContinuationToken : undefined;
  } while (token);
  return listing;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

function outputsOf(listing: Listing, now: number): RecentBackupOutputs {
  return { count: listing.count, newestKey: listing.newest?.key ?? '', newestAt: listing.newest ? new Date(listing.newest.at).toISOString() : '', ageHours: listing.newest ? hours(now - listing.newest.at) : Infinity };
}

function describe(input: RecentBackupInput, listing: Listing, now: number): string {
  const where = `s3://${input.bucket}/${input.prefix}`;
  if (!listing.newest) return `No ${input.suffixes.join(' or ')} archives under ${where} (${listing.pages} page${listing.pages === 1 ? '' : 's'} listed).`;
  return `${listing.count} ${input.suffixes.join('/')} archives under ${where}; the newest, ${listing.newest.key}, is from ${new Date(listing.newest.at).toISOString()} (${hours(now - listing.newest.at)} h old; the window is ${input.maxAgeHours} h).`;
}

async function backupInstance(ctx: StepContext, input: RecentBackupInput): Promise<string> {
  const ec2 = ctx.aws.inRegion(input.region).ec2;
  const filters = input.backup.instanceId ? undefined : [{ Name: 'tag:Name', Values: [input.backup.instanceName] }, { Name: 'instance-state-name', Values: ['running'] }];
  const res = await ec2.send(new DescribeInstancesCommand(input.backup.instanceId ? { InstanceIds: [input.backup.instanceId] } : { Filters: filters }));
  const running = (res.Reservations ?? []).flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name === 'running');
  const which = input.backup.instanceId ?? `named ${input.backup.instanceName}`;
  if (running.length !== 1) throw new Error(`${running.length === 0 ? 'No' : running.length} running instance${running.length > 1 ? 's' : ''} ${which} in ${input.region} to run ${input.backup.what} on: pass backupInstanceId.`);
  return running[0]!.InstanceId!;
}

const kind: StepKind<RecentBackupInput, RecentBackupOutputs, Found> = {
  async check(ctx, input) {
    const now = Date.now();
    const listing = await listBackups(ctx, input);
    const shown = describe(input, listing, now);
    const fresh = listing.newest !== undefined && now - listing.newest.at <= input.maxAgeHours * 3_600_000;
    if (fresh) return { done: true, outputs: outputsOf(listing, now), evidence: [shown] };
    return { done: false, reason: shown, evidence: [shown], found: listing.newest ? { newestAt: listing.newest.at } : {} };
  },
  plan: (input) => [
    {
      service: 'ssm',
      operation: 'SendCommand',
      input: { DocumentName: 'AWS-RunShellScript', InstanceIds: [input.backup.instanceId ?? `<the running instance named ${input.backup.instanceName}>`], script: input.backup.script.name },
      note: `runs ${input.backup.what}, then waits for a newer archive under s3://${input.bucket}/${input.prefix}`,
    },
  ],
  async apply(ctx, input, found) {
    if (!ctx.interactive && !input.runUnattended)
      throw new Error(
        `The EFS backup is older than ${input.maxAgeHours} h: run ${input.backup.what} on the NFS Backup instance, or pass --param runEfsBackup=true to let an unattended run do it through SSM.`,
      );
    const instanceId = await backupInstance(ctx, input);
    const aws = ctx.aws.inRegion(input.region);
    const result = await runScript({ ...ctx, aws }, instanceId, input.backup.script, { timeoutSeconds: 3 * 3600 });
    if (result.exitCode !== 0) throw new Error(`${input.backup.what} failed on ${instanceId} (${result.status}, exit ${result.exitCode}):\n${outputTail(result)}`);
    const before = found?.newestAt ?? 0;
    const listing = await waitFor(ctx, {
      what: `a new archive under s3://${input.bucket}/${input.prefix}`,
      minDelay: 5,
      maxDelay: 30,
      maxWait: 3600,
      poll: async () => {
        const l = await listBackups(ctx, input);
        return l.newest && l.newest.at > before ? { done: true, value: l } : { done: false, status: l.newest ? `newest still ${l.newest.key}` : 'no archive yet' };
      },
    });
    return outputsOf(listing, Date.now());
  },
};

export { kind as recentBackupKind };
