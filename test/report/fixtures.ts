/**
 * Realistic run states for the report tests, shaped like what the engine
 * saves: a shared-EFS runbook run four ways (applied, failed, dry-run,
 * waiting for an operator). Builders keep each fixture to what differs.
 */
import type { CallRecord } from '../../src/core/calls.js';
import type { RunState, StepState } from '../../src/engine/state/state.js';

const T0 = Date.parse('2025-03-04T09:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

export function call(c: Partial<CallRecord> & Pick<CallRecord, 'service' | 'operation'>): CallRecord {
  return { phase: 'check', mutating: false, sent: true, startedAt: at(1), durationMs: 42, attempts: 1, requestId: 'req-1', ...c };
}

export function step(s: Partial<StepState> & Pick<StepState, 'id' | 'status'>): StepState {
  return { title: `Step ${s.id}`, kind: 'ec2.securityGroup', covers: ['1'], outputs: {}, evidence: [], calls: [], ...s };
}

function base(s: Partial<RunState>): RunState {
  return {
    formatVersion: 1,
    runId: 'efs-20250304-0900-ab12',
    runbook: { id: 'efs-shared', title: 'Shared EFS storage for the web tier', definitionHash: 'sha256:0f0e' },
    mode: 'apply',
    status: 'succeeded',
    createdAt: at(0),
    updatedAt: at(185),
    finishedAt: at(185),
    target: { sandbox: false, region: 'eu-west-1', profile: 'prod-ops', account: '123456789012', callerArn: 'arn:aws:sts::123456789012:assumed-role/Ops/alice' },
    params: { vpcId: 'vpc-0a1b2c', mountPath: '/mnt/shared', allowedCidrs: ['10.0.0.0/16'], label: 'web|shared' },
    acks: [],
    steps: [],
    calls: [call({ service: 'sts', operation: 'GetCallerIdentity', phase: 'run' })],
    ...s,
  };
}

const sgChanged = () =>
  step({
    id: 'sg',
    title: 'Security group for NFS from the web tier',
    covers: ['3', '4'],
    status: 'changed',
    reason: 'Security group efs-web is missing.',
    outputs: { groupId: 'sg-0123abcd' },
    startedAt: at(2),
    finishedAt: at(6),
    durationMs: 4000,
    calls: [
      call({ service: 'ec2', operation: 'DescribeSecurityGroups' }),
      // Throttled twice, then succeeded on the third attempt.
      call({ service: 'ec2', operation: 'CreateSecurityGroup', phase: 'apply', mutating: true, attempts: 3, durationMs: 900 }),
      call({ service: 'ec2', operation: 'AuthorizeSecurityGroupIngress', phase: 'apply', mutating: true }),
    ],
  });

/** Applied: changed, ok (already in place), changed with a verifying host probe, skipped. */
export function succeededRun(): RunState {
  return base({
    steps: [
      sgChanged(),
      step({
        id: 'fs',
        title: 'EFS file system',
        kind: 'efs.fileSystem',
        covers: ['5'],
        status: 'ok',
        outputs: { fileSystemId: 'fs-0f1e2d', dnsName: 'fs-0f1e2d.efs.eu-west-1.amazonaws.com' },
        durationMs: 300,
        calls: [call({ service: 'elasticfilesystem', operation: 'DescribeFileSystems' })],
      }),
      step({
        id: 'mount',
        title: 'Mount the file system on the web hosts',
        kind: 'ssm.script',
        covers: ['6-9'],
        status: 'changed',
        outputs: { mounted: true, hosts: ['i-01', 'i-02'] },
        evidence: ['$ df -h /mnt/shared\nFilesystem                               Size  Mounted on\nfs-0f1e2d.efs.eu-west-1.amazonaws.com:/  8.0E  /mnt/shared'],
        durationMs: 61000,
        calls: [
          call({ service: 'ssm', operation: 'SendCommand', phase: 'apply', mutating: true }),
          call({ service: 'ssm', operation: 'SendCommand', phase: 'verify', probe: true }),
          call({ service: 'ssm', operation: 'GetCommandInvocation', phase: 'verify', attempts: 2 }),
        ],
      }),
      step({ id: 'eb', title: 'Beanstalk environment setting', kind: 'elasticbeanstalk.optionSettings', covers: ['10'], status: 'skipped', reason: 'ebApplication is not given.' }),
    ],
  });
}

/** Failed on the second step; the third never ran. */
export function failedRun(): RunState {
  const message = 'User: arn:aws:sts::123456789012:assumed-role/Ops/alice is not authorized to perform: elasticfilesystem:CreateFileSystem';
  return base({
    status: 'failed',
    finishedAt: at(20),
    error: { name: 'AccessDeniedException', message, stepId: 'fs' },
    steps: [
      sgChanged(),
      step({
        id: 'fs',
        title: 'EFS file system',
        kind: 'efs.fileSystem',
        status: 'failed',
        reason: 'No file system tagged efs-shared exists.',
        error: { name: 'AccessDeniedException', message },
        evidence: ['Policy check: <deny> on "elasticfilesystem:CreateFileSystem" & no allow'],
        durationMs: 1500,
        calls: [
          call({ service: 'elasticfilesystem', operation: 'DescribeFileSystems' }),
          call({ service: 'elasticfilesystem', operation: 'CreateFileSystem', phase: 'apply', mutating: true, errorName: 'AccessDeniedException' }),
        ],
      }),
      step({ id: 'mount', title: 'Mount the file system on the web hosts', kind: 'ssm.script', status: 'pending' }),
    ],
  });
}

/** Dry-run in the sandbox: writes planned, and one refused by the client guard. */
export function dryRun(): RunState {
  return base({
    mode: 'dry-run',
    target: { sandbox: true, region: 'us-east-1' },
    calls: [],
    steps: [
      step({
        id: 'sg',
        title: 'Security group for NFS from the web tier',
        status: 'planned',
        reason: 'Security group efs-web is missing.',
        plan: [
          { service: 'ec2', operation: 'CreateSecurityGroup', input: { GroupName: 'efs-web', VpcId: 'vpc-0a1b2c', Description: 'NFS | web' } },
          { service: 'ec2', operation: 'AuthorizeSecurityGroupIngress', input: { GroupId: '<sg.groupId>', IpPermissions: [{ FromPort: 2049 }] }, note: 'only if the rule is missing' },
        ],
        calls: [
          call({ service: 'ec2', operation: 'DescribeSecurityGroups' }),
          call({ service: 'ec2', operation: 'CreateSecurityGroup', phase: 'apply', mutating: true, sent: false, attempts: 0, errorName: 'ReadOnlyViolation', requestId: undefined }),
        ],
      }),
      step({ id: 'fs', title: 'EFS file system', kind: 'efs.fileSystem', status: 'ok', outputs: { fileSystemId: 'fs-0f1e2d' }, calls: [call({ service: 'elasticfilesystem', operation: 'DescribeFileSystems' })] }),
      step({ id: 'mount', title: 'Mount the file system on the web hosts', kind: 'ssm.script', status: 'planned', plan: [{ service: 'ssm', operation: 'SendCommand', input: { DocumentName: 'AWS-RunShellScript', Parameters: { commands: ['mount -t efs fs-0f1e2d:/ /mnt/shared'] } } }] }),
    ],
  });
}

/** Stopped at a manual step that waits for an acknowledgement. */
export function needsOperatorRun(): RunState {
  return base({
    status: 'needs-operator',
    finishedAt: undefined,
    acks: ['change-ticket'],
    steps: [
      sgChanged(),
      step({ id: 'change-ticket', title: 'Open a change ticket', kind: 'manual', status: 'ok' }),
      step({ id: 'dns', title: 'CNAME in the corporate DNS', kind: 'manual', covers: ['11'], status: 'manual-pending', reason: 'Create files.example.com CNAME fs-0f1e2d.efs.eu-west-1.amazonaws.com, then acknowledge.' }),
      step({ id: 'check-dns', title: 'Resolve the CNAME from a web host', kind: 'ssm.probe', status: 'pending' }),
    ],
  });
}
