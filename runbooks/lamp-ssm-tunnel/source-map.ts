/**
 * The numbered steps of the source's "AWS SSM Instructions" and the advice
 * before them (`intro`), in order, and the decisions taken.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = ['intro', '1', '2', '3', '4'];

export const decisions: Decision[] = [
  { covers: 'intro', decision: 'No rule of the swarm security group opens port 22 (lamp-swarm-node): SSH goes through Session Manager only.' },
  { covers: '1', decision: 'Checked, not installed: installing software on the operator\'s machine is the operator\'s choice. A missing plugin fails the step with what to install; in the sandbox, whose sessions are simulated, it is reported and not needed.' },
  { covers: '2', decision: 'mode=ssh-config (the default): the ~/.ssh/config block, with the instance id as HostName and AWS-StartSSHSession as ProxyCommand, written to a file to Include; it is also the step\'s evidence.' },
  {
    covers: '3',
    decision:
      'mode=port-forward: StartSession with AWS-StartPortForwardingSession and remotePort/localPort (default 22 and 9999, as in the source), served by session-manager-plugin until Ctrl-C. The session token reaches the plugin through its environment only. In the sandbox the session is simulated and nothing is spawned.',
  },
  { covers: '3, 4', decision: 'The instance is found by its Name tag among running instances, as the source\'s describe-instances query does; none, or several, is a failure that lists them.' },
  { covers: '4', decision: 'The SSH tunnel session is what the ProxyCommand of the ssh-config block opens; the runbook does not open an interactive SSH session itself.' },
];
