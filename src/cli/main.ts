/**
 * The command line. Only this top level turns errors into exit codes: typed
 * errors become one sentence; anything else is a bug and shows its stack.
 * Commands load what they need on first use, so `--version` and `list` start fast.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, RunbookError } from '../core/errors.js';
import { packageRoot } from '../engine/model/paths.js';
import { processIo, type CliIo } from './io.js';
import type { RunFlags } from './run-options.js';
import type { StoreFlags } from './commands/runs.js';
import type { DestroyFlags } from './commands/destroy.js';
import { SHOW_FORMATS, type ShowFormat } from '../report/show-formats.js';

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

const EXIT_CODES_HELP = `
Exit codes:
  0    done
  1    a step or a verification failed
  2    bad usage or invalid input (found before any AWS call)
  3    needs an operator (missing parameters, an unacknowledged manual step); resume continues
  4    the run is locked by another process
  130  interrupted (state saved); resume continues`;

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const { Command, CommanderError, Option } = await import('commander');
  let exitCode: number = ExitCode.Done;
  const program = new Command('runbook')
    .description('Run AWS procedures as resumable, idempotent runbooks: guided, unattended (--non-interactive), previewed (--dry-run) or rehearsed (--sandbox).')
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => undefined })
    .addHelpText('after', EXIT_CODES_HELP)
    .showSuggestionAfterError(true);

  // Repeatable flags. (run-options, with its validators, loads only for run and resume.)
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  const STATE_DIR_HELP = 'where runs are kept: a folder, or s3://bucket/prefix shared by a team (RUNBOOK_STATE_DIR too)';
  const stateDirDefault = io.env.RUNBOOK_STATE_DIR || '.runbook';
  const collectDirs = collect;
  const RUNBOOKS_FLAG = ['--runbooks <dir>', 'also choose from the runbooks in this folder (repeatable; RUNBOOK_PATH too)'] as const;
  const catalogOf = (o: { runbooks?: string[] }) => ({ cwd: io.cwd, env: io.env, runbookDirs: o.runbooks });

  program
    .command('list')
    .description('the runbooks, with title, source procedure and where each comes from')
    .option('--json', 'machine-readable output')
    .option(...RUNBOOKS_FLAG, collectDirs)
    .action(async (o: { json?: boolean; runbooks?: string[] }) => {
      const { listCommand } = await import('./commands/list.js');
      exitCode = await listCommand(io, o, catalogOf(o));
    });

  program
    .command('show <runbook>')
    .description('parameters, steps, the source steps each covers, and the step graph (a runbook id, or the path of a runbook folder)')
    .addOption(new Option('--format <format>', 'output format').choices(SHOW_FORMATS).default('text'))
    .option(...RUNBOOKS_FLAG, collectDirs)
    .action(async (name: string, o: { format: ShowFormat; runbooks?: string[] }) => {
      const [{ findRunbook }, { renderRunbook }] = await Promise.all([import('./catalog.js'), import('../report/runbook-views.js')]);
      io.stdout.write(renderRunbook((await findRunbook(name, catalogOf(o))).def, o.format));
    });

  program
    .command('check <runbook>')
    .description('is the definition sound? every source step covered or decided, ids unique, references resolved, templates, scripts and simulations present')
    .option('--json', 'machine-readable output')
    .option(...RUNBOOKS_FLAG, collectDirs)
    .action(async (name: string, o: { json?: boolean; runbooks?: string[] }) => {
      const { checkCommand } = await import('./commands/check.js');
      exitCode = await checkCommand(io, name, o, catalogOf(o));
    });

  program
    .command('new <id>')
    .description('scaffold a runbook folder from a procedure document: one manual step per numbered step, ready to run and to automate step by step')
    .requiredOption('--source <file>', 'the procedure document (Markdown or text)')
    .option('--dir <dir>', 'where to create the folder (default: ./<id>)')
    .option('--title <title>', "the runbook's title (default: the document's first heading)")
    .action(async (id: string, o: { source: string; dir?: string; title?: string }) => {
      const { newCommand } = await import('./commands/new.js');
      exitCode = await newCommand(io, id, o);
    });

  const runOptions = async (cmd: InstanceType<typeof Command>, resume: boolean) => {
    cmd
      .option('--param <name=value>', 'a parameter value (repeatable)', collect)
      .option('--params-file <file>', 'parameters from a YAML or JSON file')
      .option('--non-interactive', 'never prompt (CI); mutating steps run, manual steps need --ack')
      .option('--yes', 'confirm mutating steps without asking')
      .option('--ack <step>', 'acknowledge a manual step (repeatable)', collect)
      .option('--from <step>', 'start at this step; earlier steps are only checked')
      .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
      .option('--profile <profile>', 'AWS profile from the shared config')
      .option('--endpoint-url <url>', 'send AWS calls to this endpoint (LocalStack, moto)')
      .option('--sandbox', 'rehearse against the simulated account under the state dir')
      .option('--sandbox-fault <step[:ErrorName]>', "make that step's first mutating call fail (with --sandbox)")
      .option('--state-dir <dir>', STATE_DIR_HELP, stateDirDefault)
      .option('--state-kms-key <key>', 'for state in S3: encrypt it with this KMS key (SSE-KMS; default SSE-S3; RUNBOOK_STATE_KMS_KEY too)')
      .option('--report <format=path>', 'write a report: json, markdown or junit (repeatable)', collect)
      .option('--json', 'machine-readable events on stdout; progress stays on stderr')
      .option('--no-probes', 'with a dry-run: send no SSM probe (ssm:SendCommand) to instances; their steps are reported as not checked (for a read-only role)')
      .option(...RUNBOOKS_FLAG, collect);
    if (!resume) cmd.option('--dry-run', 'read the account and show every call; send no write');
    if (resume) cmd.option('--force', "resume even though the runbook's steps changed since the run began");
  };

  const run = program.command('run <runbook>').description('run a runbook (an id from "runbook list", or the path of a runbook folder)');
  await runOptions(run, false);
  run.action(async (id: string, flags: RunFlags) => {
    const { runCommand } = await import('./commands/run.js');
    exitCode = await runCommand(io, { runbookId: id }, flags);
  });

  const resume = program.command('resume <run-id>').description('continue a run where it stopped');
  await runOptions(resume, true);
  resume.action(async (runId: string, flags: RunFlags) => {
    const { runCommand } = await import('./commands/run.js');
    exitCode = await runCommand(io, { runId }, flags);
  });

  program
    .command('destroy <run-id>')
    .description('remove what a run made, and only that: in reverse order, after one confirmation (--yes without a terminal)')
    .option('--dry-run', 'list every removal and send none')
    .option('--yes', 'remove without asking')
    .option('--non-interactive', 'never prompt (CI); needs --yes')
    .option('--delete-data <types>', 'also remove resources that hold data, by type as the list names them (ec2:volume, efs:file-system, rds:db-instance, s3:bucket) or all (repeatable)', collect)
    .option('--no-snapshot', 'do not take a snapshot of a volume or database before removing it')
    .option('--force', "destroy even though the runbook's steps changed since the run")
    .option('--region <region>', 'AWS region (default: the run\'s)')
    .option('--profile <profile>', 'AWS profile from the shared config')
    .option('--endpoint-url <url>', 'send AWS calls to this endpoint (LocalStack, moto)')
    .option('--sandbox', 'the run was a rehearsal in the simulated account under the state dir')
    .option('--state-dir <dir>', STATE_DIR_HELP, stateDirDefault)
    .option('--json', 'machine-readable events on stdout; progress stays on stderr')
    .option(...RUNBOOKS_FLAG, collectDirs)
    .action(async (runId: string, o: DestroyFlags) => {
      const { destroyCommand } = await import('./commands/destroy.js');
      exitCode = await destroyCommand(io, runId, o);
    });

  program
    .command('runs')
    .description('the runs kept in the state dir')
    .option('--json', 'machine-readable output')
    .option('--state-dir <dir>', STATE_DIR_HELP, stateDirDefault)
    .option('--region <region>', 'for state in S3: its region')
    .option('--profile <profile>', 'for state in S3: the AWS profile')
    .option('--endpoint-url <url>', 'for state in S3: the S3 endpoint')
    .action(async (o: { json?: boolean } & StoreFlags) => {
      const { runsCommand } = await import('./commands/runs.js');
      exitCode = await runsCommand(io, o);
    });

  program
    .command('status <run-id>')
    .description("a run's steps and their status")
    .option('--json', 'the JSON report on stdout')
    .option('--state-dir <dir>', STATE_DIR_HELP, stateDirDefault)
    .option('--region <region>', 'for state in S3: its region')
    .option('--profile <profile>', 'for state in S3: the AWS profile')
    .option('--endpoint-url <url>', 'for state in S3: the S3 endpoint')
    .action(async (runId: string, o: { json?: boolean } & StoreFlags) => {
      const { statusCommand } = await import('./commands/runs.js');
      exitCode = await statusCommand(io, runId, o);
    });

  program
    .command('report <run-id>')
    .description('render the report of a run')
    .requiredOption('--format <format>', 'json, markdown or junit')
    .option('--output <file>', 'write to a file instead of stdout')
    .option('--state-dir <dir>', STATE_DIR_HELP, stateDirDefault)
    .option('--region <region>', 'for state in S3: its region')
    .option('--profile <profile>', 'for state in S3: the AWS profile')
    .option('--endpoint-url <url>', 'for state in S3: the S3 endpoint')
    .action(async (runId: string, o: { format: string; output?: string } & StoreFlags) => {
      const { reportCommand } = await import('./commands/runs.js');
      exitCode = await reportCommand(io, runId, o);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.Done;
      io.stderr.write(`${err.message.replace(/^error: /, '')}\n`);
      return ExitCode.BadInput;
    }
    if (err instanceof RunbookError) {
      io.stderr.write(`${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`Unexpected error (a bug in runbook; please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    return ExitCode.StepFailed;
  }
}
