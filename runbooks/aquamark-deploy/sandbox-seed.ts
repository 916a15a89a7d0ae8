/**
 * What a sandbox account holds before this runbook first runs in it: the
 * backup machine the daemons run on (an existing Ubuntu instance with the SSM
 * agent, found by its Name tag). No run of this runbook makes it.
 */
import { defineAccountSeed } from '../../src/authoring/simulation.js';

export default defineAccountSeed({ instances: [{ region: 'us-east-1', name: 'aquamark-backup', os: 'ubuntu', ageHours: 24 * 90 }] });
