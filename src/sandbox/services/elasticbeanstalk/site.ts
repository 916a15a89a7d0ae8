/**
 * What the load balancer of an environment made with CreateEnvironment
 * answers: the files of its running instances' document root, one instance
 * after the other. A file is read through the instance's links and mounts
 * (host/nfs.ts), so a document on the shared file system is there on every
 * instance, and one on a local disk only on its own: a broken mount shows as
 * a 404 on every other request. PHP is not executed: a page answers 501.
 */
import { hostIsUp } from '../../host/model.js';
import { readHostFile } from '../../host/nfs.js';
import { efsFiles } from '../efs/nfs-network.js';
import type { HttpResponse } from '../../../io/http.js';
import { APP_ROOT } from './deployment.js';
import { isRunning } from '../ec2/lifecycle.js';
import type { Environment, RegionState } from '../../account/state.js';

const TYPES: Record<string, string> = { png: 'image/png', txt: 'text/plain', html: 'text/html', css: 'text/css', js: 'text/javascript', json: 'application/json' };

function answer(status: number, body: string, type: string, instanceId?: string): HttpResponse {
  return { status, headers: { 'content-type': type, 'x-sandbox': 'simulated', ...(instanceId ? { 'x-sandbox-instance': instanceId } : {}) }, body };
}

export class EnvironmentSite {
  private readonly turns = new Map<string, number>();

  answer(region: RegionState, env: Environment, url: string, now: number): HttpResponse {
    const serving = (env.instanceIds ?? []).map((id) => region.instances[id]).filter((i) => i !== undefined && isRunning(i, now) && hostIsUp(i.host, now));
    if (!serving.length) return answer(503, 'Service Temporarily Unavailable', 'text/html');
    const turn = this.turns.get(env.EnvironmentId) ?? 0;
    this.turns.set(env.EnvironmentId, turn + 1);
    const instance = serving[turn % serving.length]!;
    const path = decodeURIComponent(new URL(url).pathname);
    if (path.split('/').includes('..')) return answer(400, 'Bad Request', 'text/html', instance.InstanceId);
    const file = path.endsWith('/') ? `${path}index.php` : path;
    if (file.endsWith('.php')) return answer(501, `[sandbox] PHP is not executed; ${file} is not simulated`, 'text/plain', instance.InstanceId);
    const content = readHostFile(instance.host, efsFiles(region), `${APP_ROOT}${file}`);
    if (content === undefined) return answer(404, '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>', 'text/html', instance.InstanceId);
    return answer(200, content, TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream', instance.InstanceId);
  }
}
