/** parseProcedure: the numbered steps of a wiki procedure, labelled as readers quote them. */
import { describe, expect, it } from 'vitest';
import { parseProcedure } from '../../src/authoring/scaffold/procedure.js';

/** "label title" for each step, the shape most tests compare. */
const outline = (doc: string): string[] => parseProcedure(doc).steps.map((s) => `${s.label} ${s.title}`);

describe('parseProcedure: list styles', () => {
  it('reads `1.` lists with titles, text and lines', () => {
    const doc = `Before you start, log in to the console.

1. Stop the application
2. Take a snapshot of the data volume
3. Start the application
`;
    expect(parseProcedure(doc).steps).toEqual([
      { label: '1', title: 'Stop the application', text: 'Stop the application', depth: 0, line: 3 },
      { label: '2', title: 'Take a snapshot of the data volume', text: 'Take a snapshot of the data volume', depth: 0, line: 4 },
      { label: '3', title: 'Start the application', text: 'Start the application', depth: 0, line: 5 },
    ]);
  });

  it('reads `1)` lists', () => {
    const doc = `1) Open the EC2 console
2) Select the instance
3) Choose Stop
`;
    expect(outline(doc)).toEqual(['1 Open the EC2 console', '2 Select the instance', '3 Choose Stop']);
  });

  it('keeps zero-based numbers', () => {
    const doc = `0) Announce the maintenance window
1) Drain the load balancer
2) Patch the hosts
`;
    expect(outline(doc)).toEqual(['0 Announce the maintenance window', '1 Drain the load balancer', '2 Patch the hosts']);
  });

  it('numbers an all-`1.` list by position (Markdown auto-numbering)', () => {
    const doc = `1. Back up the database
1. Apply the migration
1. Verify the row counts
`;
    expect(outline(doc)).toEqual(['1 Back up the database', '2 Apply the migration', '3 Verify the row counts']);
  });

  it('auto-numbers a nested all-`1.` list too', () => {
    const doc = `1. Prepare
   1. Check the quota
   1. Check the AMI
1. Launch
`;
    expect(outline(doc)).toEqual(['1 Prepare', '1.1 Check the quota', '1.2 Check the AMI', '2 Launch']);
  });

  it('keeps literal numbers that repeat or skip, suffixing a repeat', () => {
    const doc = `19) Detach the volume
20) Create a snapshot
21) Copy the snapshot to eu-west-1
21) Copy the snapshot to us-east-2
22) Delete the old snapshot
25) Close the ticket
`;
    expect(parseProcedure(doc).steps.map((s) => s.label)).toEqual(['19', '20', '21', '21b', '22', '25']);
  });

  it('takes a list whose items share a number other than 1 as auto-numbered from it', () => {
    const doc = `3. Rotate the key
3. Update the secret
`;
    expect(outline(doc)).toEqual(['3 Rotate the key', '4 Update the secret']);
  });

  it('treats a change of delimiter as a new list, keeping literal numbers', () => {
    const doc = `1. Tag the release
2) Build the image
`;
    expect(outline(doc)).toEqual(['1 Tag the release', '2 Build the image']);
  });
});

describe('parseProcedure: nesting', () => {
  it('joins two levels with a dot and records depth and parent', () => {
    const doc = `1. Create the bucket
2. Configure the bucket:
   1. Block public access
   2. Turn on versioning
3. Upload the files
`;
    const steps = parseProcedure(doc).steps;
    expect(steps.map((s) => [s.label, s.title, s.depth, s.parent])).toEqual([
      ['1', 'Create the bucket', 0, undefined],
      ['2', 'Configure the bucket:', 0, undefined],
      ['2.1', 'Block public access', 1, '2'],
      ['2.2', 'Turn on versioning', 1, '2'],
      ['3', 'Upload the files', 0, undefined],
    ]);
    expect(steps.map((s) => s.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('nests three levels', () => {
    const doc = `1. Networking
   1. Create the VPC
      1. Pick a /16 CIDR
      2. Turn on DNS hostnames
   2. Create the subnets
2. Compute
`;
    const steps = parseProcedure(doc).steps;
    expect(steps.map((s) => `${s.label} ${s.title}`)).toEqual([
      '1 Networking',
      '1.1 Create the VPC',
      '1.1.1 Pick a /16 CIDR',
      '1.1.2 Turn on DNS hostnames',
      '1.2 Create the subnets',
      '2 Compute',
    ]);
    expect(steps[2]).toMatchObject({ depth: 2, parent: '1.1', line: 3 });
  });

  it('nests lists indented by 2 spaces, as wiki editors write them', () => {
    const doc = `1. Prepare
  1. Check the quota
  2. Check the AMI
    1. It must be encrypted
2. Launch
`;
    expect(outline(doc)).toEqual(['1 Prepare', '1.1 Check the quota', '1.2 Check the AMI', '1.2.1 It must be encrypted', '2 Launch']);
  });

  it('nests a list that follows an item text without a blank line, keeping the rest of the text', () => {
    const doc = `1. Rotate the access key. This takes
   about five minutes:
   1) Create the new key
   2) Update the secret

   Keep the old key until the canary passes.
2. Delete the old key
`;
    const [first, ...rest] = parseProcedure(doc).steps;
    expect(first).toMatchObject({
      label: '1',
      title: 'Rotate the access key. This takes',
      text: 'Rotate the access key. This takes\nabout five minutes:\n\nKeep the old key until the canary passes.',
    });
    expect(rest.map((s) => `${s.label} ${s.title}`)).toEqual(['1.1 Create the new key', '1.2 Update the secret', '2 Delete the old key']);
  });

  it('finds numbered lists inside bullet items, nested under the numbered step around them', () => {
    const doc = `1. Pick a strategy:
   - Blue/green:
     1. Create the green environment
     2. Swap the CNAMEs
   - In place: skip to step 2
2. Watch the alarms
`;
    const steps = parseProcedure(doc).steps;
    expect(steps.map((s) => `${s.label} ${s.title}`)).toEqual(['1 Pick a strategy:', '1.1 Create the green environment', '1.2 Swap the CNAMEs', '2 Watch the alarms']);
    expect(steps[0]!.text).toBe('Pick a strategy:\n- Blue/green:\n- In place: skip to step 2');
  });

  it('ignores bullet-only lists', () => {
    const doc = `- Open the console
- Check the alarms
`;
    expect(parseProcedure(doc).steps).toEqual([]);
  });
});

describe('parseProcedure: numbered headings', () => {
  it('reads each heading form and nests the lists under it', () => {
    const doc = `# Deploy the API

## 1. Install
1. Download the package

## Step 2: Configure
1. Set the region
2. Set the profile

### 3) Verify
1. Curl the health endpoint

## 4 - Deploy
1) Push the image
`;
    const steps = parseProcedure(doc).steps;
    expect(steps.map((s) => `${s.label} ${s.title}`)).toEqual([
      '1 Install',
      '1.1 Download the package',
      '2 Configure',
      '2.1 Set the region',
      '2.2 Set the profile',
      '3 Verify',
      '3.1 Curl the health endpoint',
      '4 Deploy',
      '4.1 Push the image',
    ]);
    expect(steps.map((s) => [s.label, s.depth, s.parent, s.line])).toEqual([
      ['1', 0, undefined, 3],
      ['1.1', 1, '1', 4],
      ['2', 0, undefined, 6],
      ['2.1', 1, '2', 7],
      ['2.2', 1, '2', 8],
      ['3', 0, undefined, 10],
      ['3.1', 1, '3', 11],
      ['4', 0, undefined, 13],
      ['4.1', 1, '4', 14],
    ]);
  });

  it('also reads `Step 2 - x`, `Step 2 x`, a bare `Step 2` and `2: x`', () => {
    const doc = `## Step 1 - Drain
## Step 2 Patch
## Step 3
## 4: Undrain
`;
    expect(outline(doc)).toEqual(['1 Drain', '2 Patch', '3 Step 3', '4 Undrain']);
  });

  it('keeps sub-heading numbers as written, nesting only dotted ones', () => {
    const doc = `## 1. Prepare
### 1.1 Check the quota
### 1.2 Check the AMI

## 2. Migrate
### 1. Stop the service

## 1. Prepare the second region
### 1.1 Check the quota
`;
    expect(parseProcedure(doc).steps.map((s) => [s.label, s.title, s.parent])).toEqual([
      ['1', 'Prepare', undefined],
      ['1.1', 'Check the quota', '1'],
      ['1.2', 'Check the AMI', '1'],
      ['2', 'Migrate', undefined],
      ['1b', 'Stop the service', undefined],
      ['1c', 'Prepare the second region', undefined],
      ['1c.1', 'Check the quota', '1c'],
    ]);
  });

  it('takes dotted heading numbers as written and a heading section as the step text', () => {
    const doc = `## 2. Database
Take a manual snapshot first.

### 2.1 Upgrade the engine
\`\`\`
aws rds modify-db-instance --engine-version 16.4
\`\`\`

### Notes
Allow 20 minutes.
`;
    const steps = parseProcedure(doc).steps;
    expect(steps.map((s) => [s.label, s.title, s.parent])).toEqual([
      ['2', 'Database', undefined],
      ['2.1', 'Upgrade the engine', '2'],
    ]);
    expect(steps[0]!.text).toBe('Database\nTake a manual snapshot first.\n\n### Notes\nAllow 20 minutes.');
    expect(steps[1]!.text).toBe('Upgrade the engine\n```\naws rds modify-db-instance --engine-version 16.4\n```');
  });

  it('leaves headings that only start with a number alone', () => {
    const doc = `## 2020 Roadmap
## 1.5GB limits
## Steps
1. Only this is a step
`;
    expect(outline(doc)).toEqual(['1 Only this is a step']);
  });

  it('leaves the numbered lists out of a heading step text', () => {
    const doc = `## Step 1: Drain
Before draining:

1. Mark the node
2. Wait for the pods to move

Then check the dashboard.
`;
    expect(parseProcedure(doc).steps[0]!.text).toBe('Drain\nBefore draining:\n\nThen check the dashboard.');
  });
});

describe('parseProcedure: what is not a step', () => {
  it('ignores numbered lines in fenced code blocks, ``` and ~~~', () => {
    const doc = `1. Check the output of the script:
   \`\`\`
   1. ok
   2. ok
   \`\`\`
2. Compare it with the log

~~~text
1. not a step either
~~~
`;
    expect(outline(doc)).toEqual(['1 Check the output of the script:', '2 Compare it with the log']);
  });

  it('ignores numbered lines in indented code blocks', () => {
    const doc = `The report looks like this:

    1. us-east-1 ok
    2. eu-west-1 ok

1. Read the report
`;
    expect(outline(doc)).toEqual(['1 Read the report']);
  });

  it('ignores a number followed by a dot inside a paragraph', () => {
    const doc = `We moved the cluster to Graviton. In 2017. we still ran m4 instances and
2017. was also the year of the S3 outage.

1. Check the instance family
`;
    expect(outline(doc)).toEqual(['1 Check the instance family']);
  });

  it('returns no steps for an empty document, blank lines or plain prose', () => {
    expect(parseProcedure('')).toEqual({ steps: [] });
    expect(parseProcedure('\n   \n\n')).toEqual({ steps: [] });
    const doc = `# Notes

Nothing to do here, just read.
`;
    expect(parseProcedure(doc)).toEqual({ title: 'Notes', steps: [] });
  });
});

describe('parseProcedure: repeated labels', () => {
  it('suffixes lists that restart at 1, nested labels following the suffixed parent', () => {
    const doc = `## Backup
1. Stop writes
2. Snapshot

## Restore
1. Create a volume
   1. From the snapshot
2. Attach it

## Cleanup
1. Delete the snapshot
`;
    expect(parseProcedure(doc).steps.map((s) => [s.label, s.parent])).toEqual([
      ['1', undefined],
      ['2', undefined],
      ['1b', undefined],
      ['1b.1', '1b'],
      ['2b', undefined],
      ['1c', undefined],
    ]);
  });
});

describe('parseProcedure: text formats', () => {
  it('reads CRLF line endings', () => {
    const doc = `# Rotate\r\n\r\n1. Create the key\r\n   1. Store it\r\n2. Revoke the old key\r\n`;
    const parsed = parseProcedure(doc);
    expect(parsed.title).toBe('Rotate');
    expect(parsed.steps.map((s) => [s.label, s.title, s.line])).toEqual([
      ['1', 'Create the key', 3],
      ['1.1', 'Store it', 4],
      ['2', 'Revoke the old key', 5],
    ]);
  });

  it('reads tabs after the marker and tab-indented nested lists', () => {
    const doc = `1.\tOpen the console
\t1.\tGo to IAM
\t\t1) Open Roles
2.\tLog out
`;
    expect(outline(doc)).toEqual(['1 Open the console', '1.1 Go to IAM', '1.1.1 Open Roles', '2 Log out']);
  });

  it('skips a byte-order mark and YAML front matter, keeping line numbers', () => {
    const doc = `\uFEFF---
title: Rotate keys
---
1. Rotate
`;
    const parsed = parseProcedure(doc);
    expect(parsed).toEqual({ steps: [{ label: '1', title: 'Rotate', text: 'Rotate', depth: 0, line: 4 }] });
  });
});

describe('parseProcedure: titles', () => {
  it('keeps Markdown in titles and cuts long ones at a word boundary', () => {
    const long = 'Open the **CloudWatch** console and find the alarm that fired most recently for the service, then read its history carefully before acting';
    const doc = `1. Run \`aws sts get-caller-identity\` to check the account
2. ${long}
`;
    const [first, second] = parseProcedure(doc).steps;
    expect(first!.title).toBe('Run `aws sts get-caller-identity` to check the account');
    expect(second!.title).toBe('Open the **CloudWatch** console and find the alarm that fired most recently for the service, then read its history...');
    expect(second!.title.length).toBeLessThanOrEqual(120);
    expect(second!.text).toBe(long);
  });

  it('takes the document title from the first level-1 or level-2 heading that is not a step', () => {
    expect(parseProcedure(`Intro\n\n## 1. Install\n## Database failover\n# Later\n`).title).toBe('Database failover');
    expect(parseProcedure(`### Small heading\n1. Step\n`).title).toBeUndefined();
  });
});

describe('parseProcedure: a realistic wiki page', () => {
  it('finds every numbered step of a mixed procedure', () => {
    const doc = `# Runbook: rotate the RDS master password

Owner: platform team. Takes about 15 minutes.

## Before you start
- You need the \`rds-admin\` role.
- Announce the change in #ops.

## 1. Prepare
1. Open a change ticket.
2. Check the replica lag is under 1 s:
   \`\`\`bash
   aws cloudwatch get-metric-statistics --metric-name ReplicaLag
   \`\`\`

## 2. Rotate
1. Generate the password:

       openssl rand -base64 32

2. Set it on the instance
  1. Console: Modify > Master password
  2. Wait for the status to be \`available\`
3. Update the secret in Secrets Manager.

## Rollback
1. Restore the previous secret version.
`;
    const parsed = parseProcedure(doc, { file: 'ROTATE.md' });
    expect(parsed.title).toBe('Runbook: rotate the RDS master password');
    expect(parsed.steps.map((s) => [s.label, s.title, s.line])).toEqual([
      ['1', 'Prepare', 9],
      ['1.1', 'Open a change ticket.', 10],
      ['1.2', 'Check the replica lag is under 1 s:', 11],
      ['2', 'Rotate', 16],
      ['2.1', 'Generate the password:', 17],
      ['2.2', 'Set it on the instance', 21],
      ['2.2.1', 'Console: Modify > Master password', 22],
      ['2.2.2', 'Wait for the status to be `available`', 23],
      ['2.3', 'Update the secret in Secrets Manager.', 24],
      ['1b', 'Restore the previous secret version.', 27],
    ]);
    expect(parsed.steps[2]!.text).toBe('Check the replica lag is under 1 s:\n```bash\naws cloudwatch get-metric-statistics --metric-name ReplicaLag\n```');
    expect(parsed.steps[4]!.text).toBe('Generate the password:\n\n    openssl rand -base64 32');
  });
});
