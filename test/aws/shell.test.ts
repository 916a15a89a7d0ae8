/** Values reach the host as data: proven by running the rendered script in a real shell. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseScript, renderScript, SCRIPT_STARTED, scriptOutput, shellQuote, wrapForRunShellScript } from '../../src/aws/shell.js';

const hostile = ["it's", '$(touch /tmp/pwned)', '`id`', 'a\nb; rm -rf /', '"quoted" \\ back', "'; exit 7; '"];

describe('shell scripts for SSM', () => {
  it.each(hostile)('passes %j through sh and bash unchanged, as data', (value) => {
    const text = wrapForRunShellScript(renderScript({ name: 'test/echo', vars: { VALUE: value }, body: 'printf "%s" "$VALUE"' }));
    // AWS-RunShellScript runs the commands with sh; the wrapper hands the script to bash.
    expect(execFileSync('sh', ['-c', text], { encoding: 'utf8' })).toBe(`${SCRIPT_STARTED}\n${value}`);
    expect(scriptOutput(execFileSync('sh', ['-c', text], { encoding: 'utf8' }))).toBe(value);
    expect(parseScript(text)).toEqual({ name: 'test/echo', vars: { VALUE: value }, secretRefs: {} });
  });

  it('passes a secret by reference only: the text names the parameter the host reads, never the value', () => {
    const text = renderScript({ name: 'test/join', vars: { HOST: 'm' }, secrets: { TOKEN: 'SWMTKN-1-never-in-the-text' }, body: 'echo "$TOKEN"' }, { TOKEN: { parameter: '/runbook/r1/join/token', region: 'eu-west-1' } });
    expect(text).not.toContain('SWMTKN');
    expect(text).toContain("TOKEN=$(aws ssm get-parameter --region 'eu-west-1' --name '/runbook/r1/join/token' --with-decryption --query Parameter.Value --output text)");
    expect(parseScript(wrapForRunShellScript(text))).toEqual({ name: 'test/join', vars: { HOST: 'm' }, secretRefs: { TOKEN: { parameter: '/runbook/r1/join/token', region: 'eu-west-1' } } });
    // The host runs it with a real shell: the value comes from the command's answer.
    const withCli = `aws() { printf '%s' 'from-parameter-store'; }\n${text.replace('#!/bin/bash\n', '')}`;
    expect(execFileSync('bash', ['-c', withCli], { encoding: 'utf8' })).toBe('from-parameter-store\n');
  });

  it('tells a script that ran from an answer with no output of it', () => {
    expect(scriptOutput(`${SCRIPT_STARTED}\nhello\n`)).toBe('hello\n');
    expect(scriptOutput('')).toBeUndefined();
    expect(scriptOutput('hello\n')).toBeUndefined();
  });

  it('quotes with single quotes only', () => {
    expect(shellQuote("a'b")).toBe("'a'\\''b'");
  });

  it('refuses variable names and script names that are not plain', () => {
    expect(() => renderScript({ name: 'test/x', vars: { 'A;B': 'v' }, body: '' })).toThrow(/UPPER_SNAKE_CASE/);
    expect(() => renderScript({ name: 'x y', vars: {}, body: '' })).toThrow(/runbook\/script/);
    expect(() => wrapForRunShellScript('echo\nRUNBOOK_SCRIPT_EOF\n')).toThrow(/may not contain/);
  });

  it('keeps set -euo pipefail in force under bash', () => {
    const text = wrapForRunShellScript(renderScript({ name: 'test/fail', vars: {}, body: 'false | true\necho unreachable' }));
    expect(() => execFileSync('sh', ['-c', text], { encoding: 'utf8', stdio: 'pipe' })).toThrow();
  });
});
