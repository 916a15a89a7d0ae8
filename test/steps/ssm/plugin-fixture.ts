/**
 * A stand-in session-manager-plugin on a temporary PATH: it records its
 * arguments and the StartSession answer it got in its environment, prints
 * what the real plugin prints, and exits with FAKE_PLUGIN_EXIT after
 * FAKE_PLUGIN_SECONDS (a session that lasts).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export interface FakePlugin {
  dir: string;
  /** A PATH with the stand-in first (and node, which runs it). */
  path: string;
  ran(): boolean;
  argv(): string[];
  /** The StartSession answer, from the variable argv[1] names. */
  response(): Record<string, string> | null;
}

export function fakePlugin(): FakePlugin {
  const dir = mkdtempSync(join(tmpdir(), 'fake-plugin-'));
  const record = join(dir, 'record.json');
  writeFileSync(
    join(dir, 'session-manager-plugin'),
    [
      '#!/usr/bin/env node',
      "const args = process.argv.slice(2);",
      "if (args[0] === '--version') { console.log('1.2.707.0'); process.exit(0); }",
      "const response = process.env[args[0]] ? JSON.parse(process.env[args[0]]) : null;",
      `require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: args, response }));`,
      "console.log(`Starting session with SessionId: ${response && response.SessionId}`);",
      "console.log('Waiting for connections...');",
      "setTimeout(() => process.exit(Number(process.env.FAKE_PLUGIN_EXIT || 0)), Number(process.env.FAKE_PLUGIN_SECONDS || 0) * 1000);",
    ].join('\n'),
  );
  chmodSync(join(dir, 'session-manager-plugin'), 0o755);
  const read = () => JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; response: Record<string, string> | null };
  return { dir, path: [dir, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), ran: () => existsSync(record), argv: () => read().argv, response: () => read().response };
}
