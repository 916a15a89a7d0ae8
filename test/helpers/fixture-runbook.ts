/**
 * A small runbook for engine tests only (never shipped): two required
 * parameters, a read-only lookup and a manual step, on real step kinds.
 */
import { tmpdir } from 'node:os';
import { defineRunbook } from '../../src/engine/model/runbook.js';
import { param } from '../../src/engine/model/params.js';
import { network } from '../../src/steps/ec2/index.js';
import { manual } from '../../src/steps/manual/index.js';

export const fixtureRunbook = defineRunbook({
  id: 'engine-fixture',
  title: 'Engine test fixture',
  summary: 'Used by the engine tests.',
  source: { file: 'none', procedure: 'none', steps: ['1', '2'] },
  dir: tmpdir(),
  params: {
    owner: param.name('Who owns it'),
    size: param.int('How big', { min: 1, max: 10 }),
    token: param.string('A secret', { secret: true, optional: true }),
  },
  steps: (p) => {
    const net = network('network', { covers: '1' });
    const sign = manual('sign-off', { covers: '2', after: [net], instructions: 'Ask {{OWNER}} to sign off.', vars: { OWNER: p.owner } });
    return [net, sign];
  },
});
