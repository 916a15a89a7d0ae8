/** The runbook's documentation, source map and generated bundle agree with its definition and with each other. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import efsSharedDocuments from '../index.js';
import { parseScript } from '../../../src/aws/shell.js';
import { runbookMarkdown, sourceMapMarkdown } from '../../../src/report/runbook-views.js';
import { dependenciesOf, type AnyStep } from '../../../src/engine/model/step.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { resolveRefs, type Ref } from '../../../src/engine/model/refs.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { bundleFolder, zipFiles } from '../../../src/steps/eb/bundle.js';
import { folderContents, folderKind, type FolderInput } from '../../../src/steps/files/folder.js';
import type { RepeatedGetInput } from '../../../src/steps/http/repeated-get.js';
import { stepContext } from '../../../test/helpers/step-context.js';

/** Where Elastic Beanstalk's PHP platforms serve the application from: a fact of the platform, not of this runbook. */
const PLATFORM_DOCUMENT_ROOT = '/var/app/current';
const HOOKS = ['.platform/hooks/postdeploy/01-mount-efs.sh', '.platform/confighooks/postdeploy/01-mount-efs.sh'];

const steps = instantiateSteps(efsSharedDocuments);
const stepById = (id: string): AnyStep => steps.find((s) => s.id === id)!;

/** The bundle step's input as a run would resolve it, for this file system and region. */
function bundleInput(fileSystemId: string, region = 'us-east-1'): FolderInput {
  const values: Record<string, string> = { fileSystemId, region };
  return resolveRefs<FolderInput>(stepById('sample-bundle').input, (ref: Ref) => (ref.source === 'file-system' ? { found: true, value: values[ref.key] } : { found: false })).value;
}

function bundle(fileSystemId: string, region?: string): Record<string, Uint8Array> {
  return unzipSync(zipFiles(folderContents(bundleInput(fileSystemId, region))));
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('efs-shared-documents definition', () => {
  it('maps every numbered source step, 1-36, to a step or a decision', () => {
    expect(efsSharedDocuments.source.steps).toEqual(Array.from({ length: 36 }, (_, i) => String(i + 1)));
    expect(uncoveredSourceSteps(efsSharedDocuments, steps)).toEqual([]);
  });

  it('has a README whose tables are exactly what `runbook show --format markdown` prints', () => {
    const readme = readFileSync(join(efsSharedDocuments.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(efsSharedDocuments));
    const shown = runbookMarkdown(efsSharedDocuments);
    expect(readme).toContain(shown.slice(shown.indexOf('## Parameters')));
  });

  it('makes the file system and its mount targets without waiting for the environment, so both go side by side', () => {
    const upstream = (id: string, seen = new Set<string>()): Set<string> => {
      for (const d of dependenciesOf(stepById(id))) if (!seen.has(d)) upstream(d, seen.add(d));
      return seen;
    };
    for (const id of ['file-system', 'nfs-security-group', 'mount-targets']) expect([...upstream(id)], id).not.toContain('environment');
    expect([...upstream('deploy')]).toEqual(expect.arrayContaining(['environment', 'mount-targets', 'sample-bundle']));
  });

  it('refuses a VPC block a load balancer cannot fit in', () => {
    expect(efsSharedDocuments.validate?.({ vpcCidr: '10.0.0.0/8' })).toMatch(/^Parameter vpcCidr: expected a block from \/16 to \/22/);
    expect(efsSharedDocuments.validate?.({ vpcCidr: '10.0.0.0/24' })).toMatch(/^Parameter vpcCidr/);
    expect(efsSharedDocuments.validate?.({ vpcCidr: '10.0.0.0/16' })).toBeUndefined();
  });
});

describe('the sample bundle', () => {
  it('is byte for byte the same for the same file system and region, wherever and whenever it is written', async () => {
    const first = zipFiles(folderContents(bundleInput('fs-0123456789abcdef0')));
    const again = zipFiles(folderContents(bundleInput('fs-0123456789abcdef0')));
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    // Through the folder the deploy step zips, too.
    const written = await Promise.all(
      [1, 2].map(async () => {
        const ctx = stepContext({ outputDir: mkdtempSync(join(tmpdir(), 'efs-bundle-')) });
        return bundleFolder((await folderKind.apply!(ctx, bundleInput('fs-0123456789abcdef0'), undefined)).path);
      }),
    );
    expect(Buffer.from(written[0]!).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(written[1]!).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(zipFiles(folderContents(bundleInput('fs-0fedcba9876543210')))).equals(Buffer.from(first))).toBe(false);
  });

  it('holds the page, a valid PNG and the mount configuration at the bundle root, where Elastic Beanstalk reads them', () => {
    const files = bundle('fs-0123456789abcdef0');
    expect(Object.keys(files).sort()).toEqual([...HOOKS, '.ebextensions/storage-efs-mountfilesystem.config', 'sample/documents/Test.png', 'sample/index.php'].sort());
    expect(text(files['sample/index.php'])).toBe('<?php\necho "OK";\n');
    expect(Buffer.from(files['sample/documents/Test.png']!.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    const config = parse(text(files['.ebextensions/storage-efs-mountfilesystem.config'])) as { option_settings: Record<string, Record<string, string>> };
    expect(config.option_settings['aws:elasticbeanstalk:application:environment']).toMatchObject({ FILE_SYSTEM_ID: 'fs-0123456789abcdef0', REGION: 'us-east-1' });
  });

  it('has a hook for current platforms that mounts the file system where the HTTP check reads the documents', () => {
    const files = bundle('fs-0123456789abcdef0', 'eu-west-1');
    const check = stepById('documents-check').input as RepeatedGetInput;
    const folders = new Set(check.paths.map((p) => posix.dirname(p)));
    expect(folders.size).toBe(1);
    const readFrom = `${PLATFORM_DOCUMENT_ROOT}${[...folders][0]}`;
    const config = parse(text(files['.ebextensions/storage-efs-mountfilesystem.config'])) as { option_settings: Record<string, Record<string, string>> };
    for (const hook of HOOKS) {
      const script = parseScript(text(files[hook]));
      expect(script?.name).toBe('efs-shared-documents/mount-efs');
      expect(script?.vars).toMatchObject({ FILE_SYSTEM_ID: 'fs-0123456789abcdef0', REGION: 'eu-west-1', DOCUMENTS_DIR: readFrom });
      // The folder the check reads becomes a link to the mount point; the config tells the application the same.
      expect(text(files[hook])).toContain('ln -sfn "$MOUNT_DIRECTORY" "$DOCUMENTS_DIR"');
      expect(config.option_settings['aws:elasticbeanstalk:application:environment']).toMatchObject({ MOUNT_DIRECTORY: script?.vars.MOUNT_DIRECTORY, DOCUMENTS_DIRECTORY: readFrom });
    }
    // The file the check requests is in that folder of the bundle; the retired platforms' hook path is gone.
    expect(files[`${[...folders][0]!.slice(1)}/Test.png`]).toBeDefined();
    expect(Object.values(files).some((f) => text(f).includes('/opt/elasticbeanstalk/hooks'))).toBe(false);
  });

  it('checks the mount with the same folder and file system on every instance', () => {
    const probe = stepById('documents-mount').input as { probe: { vars: Record<string, unknown> } };
    const files = bundle('fs-0123456789abcdef0');
    expect(probe.probe.vars.DOCUMENTS_DIR).toBe(parseScript(text(files[HOOKS[0]!]))?.vars.DOCUMENTS_DIR);
    expect(JSON.stringify(probe.probe.vars.FILE_SYSTEM_ID)).toContain('file-system');
  });
});
