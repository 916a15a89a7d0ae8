import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src/aws/shell.js';
import { folderContents, folderKind, type FolderInput } from '../../../src/steps/files/folder.js';
import { stepContext } from '../../helpers/step-context.js';

const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const input: FolderInput = {
  name: 'bundle',
  files: {
    'index.php': { template: '<?php echo "{{GREETING}}";\n' },
    'img/a.png': { base64: PNG_BYTES.toString('base64') },
    '.platform/hooks/postdeploy/01.sh': { script: { name: 'demo/hook', vars: { DIR: "/var/app/it's" }, body: 'ls "$DIR"' } },
  },
  vars: { GREETING: 'OK' },
};

describe('files.folder', () => {
  it('writes every file (templates filled, scripts rendered with quoted values, binaries decoded), then is done', async () => {
    const ctx = stepContext();
    const path = join(ctx.files.outputDir, 'bundle');

    const before = await folderKind.check(ctx, input);
    expect(before).toMatchObject({ done: false, found: { wrong: ['index.php', 'img/a.png', '.platform/hooks/postdeploy/01.sh'], extra: [] } });
    await expect(folderKind.apply!(ctx, input, undefined)).resolves.toEqual({ path });

    expect(readFileSync(join(path, 'index.php'), 'utf8')).toBe('<?php echo "OK";\n');
    expect(readFileSync(join(path, 'img/a.png')).equals(PNG_BYTES)).toBe(true);
    const hook = readFileSync(join(path, '.platform/hooks/postdeploy/01.sh'), 'utf8');
    expect(hook.startsWith('#!/bin/bash\n')).toBe(true);
    expect(parseScript(hook)).toEqual({ name: 'demo/hook', vars: { DIR: "/var/app/it's" }, secretRefs: {} });
    expect(await folderKind.check(ctx, input)).toMatchObject({ done: true, outputs: { path } });
  });

  it('rewrites a changed file and removes one that should not be there, touching nothing else', async () => {
    const ctx = stepContext();
    const path = join(ctx.files.outputDir, 'bundle');
    await folderKind.apply!(ctx, input, undefined);
    const untouched = statSync(join(path, 'img/a.png')).mtimeMs;
    writeFileSync(join(path, 'index.php'), 'edited');
    writeFileSync(join(path, 'stray.txt'), 'x');

    const result = await folderKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, found: { wrong: ['index.php'], extra: ['stray.txt'] } });
    expect(folderKind.plan(input, result.done ? undefined : result.found)).toEqual([
      { service: 'local', operation: 'WriteFolder', input: { folder: '<state-dir>/output/<runbook>/bundle', write: ['index.php'], remove: ['stray.txt'] } },
    ]);
    await folderKind.apply!(ctx, input, undefined);

    expect(existsSync(join(path, 'stray.txt'))).toBe(false);
    expect(readFileSync(join(path, 'index.php'), 'utf8')).toBe('<?php echo "OK";\n');
    expect(statSync(join(path, 'img/a.png')).mtimeMs).toBe(untouched);
  });

  it('refuses paths outside the folder, a folder name with a path, and a placeholder without a value', async () => {
    expect(() => folderContents({ ...input, files: { '../x': { template: '' } } })).toThrow('../x must be a path inside the folder.');
    await expect(folderKind.check(stepContext(), { ...input, name: '../up' })).rejects.toThrow('Folder name ../up must be one plain name.');
    expect(() => folderContents({ ...input, vars: {} })).toThrow('Template placeholder {{GREETING}} has no value.');
  });
});
