import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderKind, renderTemplate, type RenderInput } from '../../../src/steps/files/render.js';
import { stepContext } from '../../helpers/step-context.js';

const template = 'REDIS_HOST={{REDIS_HOST}}\nREDIS_PORT={{REDIS_PORT}}\n';
const input: RenderInput = { template, vars: { REDIS_HOST: '172.31.5.10', REDIS_PORT: '6379' }, file: 'config/redis.env' };
const expected = 'REDIS_HOST=172.31.5.10\nREDIS_PORT=6379\n';

describe('files.render', () => {
  it('writes the file into the output folder when no dir is given; a second check is done', async () => {
    const ctx = stepContext();
    const path = join(ctx.files.outputDir, 'config', 'redis.env');

    const first = await renderKind.check(ctx, input);
    expect(first).toEqual({ done: false, reason: `${path} does not exist.` });
    expect(renderKind.plan(input, undefined)).toEqual([
      { service: 'local', operation: 'WriteFile', input: { dir: '<state-dir>/output/<runbook>', file: 'config/redis.env', vars: input.vars } },
    ]);

    await expect(renderKind.apply!(ctx, input, undefined)).resolves.toEqual({ path });
    expect(readFileSync(path, 'utf8')).toBe(expected);
    expect(statSync(path).mode & 0o777).toBe(0o644);

    await expect(renderKind.check(ctx, input)).resolves.toEqual({ done: true, outputs: { path }, evidence: [`${path} is up to date`] });
  });

  it('writes into the given dir, and rewrites a file that differs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-render-'));
    const ctx = stepContext();
    const path = join(dir, 'redis.env');
    writeFileSync(path, 'REDIS_HOST=old\n');

    const result = await renderKind.check(ctx, { ...input, dir, file: 'redis.env' });
    expect(result).toEqual({ done: false, reason: `${path} differs from the template.` });

    await renderKind.apply!(ctx, { ...input, dir, file: 'redis.env' }, undefined);
    expect(readFileSync(path, 'utf8')).toBe(expected);
    expect(existsSync(join(ctx.files.outputDir, 'redis.env'))).toBe(false);
  });

  it('throws on a placeholder without a value, and writes nothing', async () => {
    const ctx = stepContext();
    const missing = { ...input, template: `${template}SECRET={{MISSING}}\n` };

    await expect(renderKind.check(ctx, missing)).rejects.toThrow('Template placeholder {{MISSING}} has no value.');
    await expect(renderKind.apply!(ctx, missing, undefined)).rejects.toThrow('{{MISSING}}');
    expect(existsSync(join(ctx.files.outputDir, 'config', 'redis.env'))).toBe(false);
  });

  it('refuses a file path that leaves the folder', async () => {
    const ctx = stepContext();
    await expect(renderKind.check(ctx, { ...input, file: '../escape.env' })).rejects.toThrow('../escape.env must be a path inside the folder.');
    await expect(renderKind.apply!(ctx, { ...input, file: 'config/../../escape.env' }, undefined)).rejects.toThrow('must be a path inside the folder');
    await expect(renderKind.apply!(ctx, { ...input, file: '/etc/escape.env' }, undefined)).rejects.toThrow('must be a path inside the folder');
    expect(existsSync(join(ctx.files.outputDir, '..', 'escape.env'))).toBe(false);
  });

  it('does not swallow a write error', async () => {
    const ctx = stepContext();
    writeFileSync(join(ctx.files.outputDir, 'config'), 'a file where a folder should be');
    await expect(renderKind.apply!(ctx, input, undefined)).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/) });
  });
});

describe('renderTemplate', () => {
  it('inserts values literally, replacement patterns included', () => {
    expect(renderTemplate('P={{PASSWORD}}', { PASSWORD: "$&$1'x" })).toBe("P=$&$1'x");
    expect(renderTemplate('{{lower}} {{A}}', { A: 'a' })).toBe('{{lower}} a');
  });
});
