/**
 * The AWS Session Manager plugin on the operator's machine: finding it, and
 * running it on a session that StartSession opened, as the AWS CLI does. The
 * StartSession answer (with the session's token) reaches the plugin through
 * an environment variable that argv names, never through argv, so no other
 * user sees the token in the process list.
 */
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

export const PLUGIN_COMMAND = process.platform === 'win32' ? 'session-manager-plugin.exe' : 'session-manager-plugin';
export const INSTALL_HINT =
  'Install the Session Manager plugin for the AWS CLI (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html: ' +
  'on macOS "brew install --cask session-manager-plugin", on Debian or Ubuntu the session-manager-plugin.deb package, on Amazon Linux or RHEL the .rpm package), ' +
  'and make sure session-manager-plugin is on the PATH.';
/** The variable the plugin reads the StartSession answer from when argv[1] names it. */
export const RESPONSE_VARIABLE = 'AWS_SSM_START_SESSION_RESPONSE';

/** The plugin's path on PATH, or undefined. */
export function findPlugin(pathVariable = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathVariable.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, PLUGIN_COMMAND);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function pluginVersion(path: string): Promise<string> {
  const { stdout } = await promisify(execFile)(path, ['--version'], { timeout: 10_000 });
  return stdout.trim();
}

export function ssmEndpoint(region: string): string {
  return `https://ssm.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

export interface PluginSession {
  /** StartSession's answer: SessionId, StreamUrl, TokenValue. */
  response: { SessionId?: string; StreamUrl?: string; TokenValue?: string };
  /** StartSession's request: Target, DocumentName, Parameters. */
  request: { Target: string; DocumentName: string; Parameters: Record<string, string[]> };
  region: string;
  profile?: string;
  /** The run's --endpoint-url, which the plugin must talk to instead of AWS's SSM endpoint. */
  endpointUrl?: string;
}

/** The plugin's arguments, as the AWS CLI passes them; the answer itself travels in RESPONSE_VARIABLE. */
export function pluginArgs(session: Omit<PluginSession, 'response'>): string[] {
  return [RESPONSE_VARIABLE, session.region, 'StartSession', session.profile ?? '', JSON.stringify(session.request), session.endpointUrl ?? ssmEndpoint(session.region)];
}

/** Runs the plugin until the session ends (or `signal` aborts it); resolves with its exit code. Output lines go to `onLine`. */
export function runPlugin(path: string, session: PluginSession, options: { signal: AbortSignal; onLine: (line: string) => void }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, pluginArgs(session), {
      env: { ...process.env, [RESPONSE_VARIABLE]: JSON.stringify(session.response) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) options.onLine(line);
    };
    child.stdout.on('data', lines);
    child.stderr.on('data', lines);
    const stop = () => child.kill('SIGTERM');
    options.signal.addEventListener('abort', stop, { once: true });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      options.signal.removeEventListener('abort', stop);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}
