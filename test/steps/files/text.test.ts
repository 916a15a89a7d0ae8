import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { text } from '../../../src/steps/files/index.js';
import { textKind } from '../../../src/steps/files/text.js';
import { stepContext } from '../../helpers/step-context.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-text-'));
const what = 'the install script';

describe('files.text', () => {
  it('reads the file with its SHA-256, and changes nothing', async () => {
    const path = join(dir, 'install.sh');
    writeFileSync(path, 'dnf -y install httpd\n');
    const result = await textKind.check(stepContext(), { path, what, maxBytes: 1000 });
    const sha256 = createHash('sha256').update('dnf -y install httpd\n').digest('hex');
    expect(result).toEqual({ done: true, outputs: { text: 'dnf -y install httpd\n', sha256 }, evidence: [`${path}: 21 bytes, sha256 ${sha256}`] });
    expect(textKind.plan({ path, what, maxBytes: 1000 }, undefined)).toEqual([]);
    expect(text('x', { covers: '1' } as never).mutating).toBe(false);
  });

  it('fails with one sentence on a missing file, one too large, and one that is not text', async () => {
    await expect(textKind.check(stepContext(), { path: join(dir, 'missing.sh'), what, maxBytes: 1000 })).rejects.toThrow(`The install script ${join(dir, 'missing.sh')} cannot be read (ENOENT).`);
    const big = join(dir, 'big.sh');
    writeFileSync(big, 'x'.repeat(2000));
    await expect(textKind.check(stepContext(), { path: big, what, maxBytes: 1000 })).rejects.toThrow(`The install script ${big} is 2000 bytes; at most 1000 fit.`);
    const binary = join(dir, 'a.out');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x00, 0x01]));
    await expect(textKind.check(stepContext(), { path: binary, what, maxBytes: 1000 })).rejects.toThrow(`The install script ${binary} is not a text file.`);
  });
});
