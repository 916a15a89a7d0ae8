/**
 * Runbook `lamp-ssm-tunnel`: seed 002, "AWS SSM Instructions". Finds the
 * running node by its Name tag, checks that the Session Manager plugin is
 * installed, and either writes the ~/.ssh/config block that tunnels SSH
 * through SSM (the default) or opens a port-forwarding session.
 */
import { defineRunbook, ec2, param, runbookDir, ssm } from '../../src/authoring/index.js';
import { decisions, sourceSteps } from './source-map.js';

const NODE = 'node-01.example.com';

export default defineRunbook({
  id: 'lamp-ssm-tunnel',
  title: 'Reach a LAMP node through SSM Session Manager: SSH config or port forwarding',
  summary:
    'Finds the running node by its Name tag, checks that the Session Manager plugin is installed, then writes the ~/.ssh/config block that tunnels SSH through SSM (mode=ssh-config, the default) or forwards a local port to the node through a Session Manager session (mode=port-forward).',
  source: { file: '002_6d0e6b26ceddd92d.txt', procedure: 'AWS SSM Instructions', steps: sourceSteps },
  dir: runbookDir(import.meta.url),
  decisions,
  // port-forward, because the default mode (ssh-config) only writes a local file: nothing in AWS to rehearse.
  rehearsal: {
    params: { instance: NODE, mode: 'port-forward' },
    before: [{ runbook: 'lamp-swarm-node', params: { dnsName: NODE, hostedZone: 'example.com', dataVolumeSizeGiB: 64 } }],
  },
  params: {
    instance: param.name('The node: its Name tag (lamp-swarm-node names a node by its DNS name) or its instance id', { example: 'node-01.example.com' }),
    mode: param.oneOf('ssh-config: write the ~/.ssh/config block; port-forward: open a port-forwarding session until Ctrl-C', ['ssh-config', 'port-forward'] as const, { default: 'ssh-config' }),
    remotePort: param.port('port-forward: the port on the node', { default: 22 }),
    localPort: param.port('port-forward: the port on this machine', { default: 9999 }),
    user: param.name('ssh-config: the user ssh logs in as', { default: 'ec2-user' }),
    identityFile: param.string('ssh-config: the private key ssh uses (e.g. the one lamp-swarm-node wrote for keyName)', {
      optional: true,
      expected: 'a file path of letters, digits and . _ ~ / @ + = , - (no spaces or quotes)',
      pattern: /^[A-Za-z0-9._~/@+=,-]+$/,
    }),
  },
  steps: (params) => {
    const node = ec2.findInstance('find-instance', { covers: '3, 4', what: 'the node', name: params.instance, report: { instanceId: 'Node instance' } });
    const plugin = ssm.sessionManagerPlugin('session-manager-plugin', { covers: '1' });
    const config = ssm.sshConfig('ssh-config', {
      covers: '2, 4',
      when: { describe: 'mode is ssh-config', test: (p) => p.mode === 'ssh-config' },
      after: [plugin],
      host: params.instance,
      instanceId: node.out.instanceId,
      user: params.user,
      identityFile: params.identityFile,
      report: { path: 'ssh config block written (Include it)' },
    });
    const session = ssm.portForward('port-forward', {
      covers: '3',
      when: { describe: 'mode is port-forward', test: (p) => p.mode === 'port-forward' },
      after: [plugin],
      instanceId: node.out.instanceId,
      remotePort: params.remotePort,
      localPort: params.localPort,
    });
    return [node, plugin, config, session];
  },
});
