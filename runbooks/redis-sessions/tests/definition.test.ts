/** The runbook's documentation and source map agree with its definition. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import redisSessions from '../index.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { renderTemplate } from '../../../src/steps/files/render.js';

describe('redis-sessions definition', () => {
  it('maps every numbered source step, 0-37 with the duplicated 21 and 22, to a step or a decision', () => {
    expect(redisSessions.source.steps).toHaveLength(38 + 2 + 3);
    expect(uncoveredSourceSteps(redisSessions, instantiateSteps(redisSessions))).toEqual([]);
  });

  it('has a README whose source-step table is exactly what `runbook show --format markdown` prints', () => {
    const readme = readFileSync(join(redisSessions.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(redisSessions));
  });

  it('ships a unit that starts at boot and a config that points sessions at the address', () => {
    const unit = readFileSync(join(redisSessions.dir, 'redis-container.service'), 'utf8');
    expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
    expect(unit).not.toMatch(/local\.target/);
    const config = renderTemplate(readFileSync(join(redisSessions.dir, 'redis-sessions.config'), 'utf8'), { REDIS_IP: '10.0.1.23' });
    expect(config).toContain('session.save_path = "tcp://10.0.1.23:6379"');
    expect(config).not.toMatch(/remi|php70|centos/i);
  });

  it('refuses to open Redis to the internet, and inconsistent deploy parameters, as bad input', () => {
    expect(redisSessions.validate?.({ allowedCidr: '0.0.0.0/0' })).toMatch(/^Parameter allowedCidr/);
    expect(redisSessions.validate?.({ allowedCidr: '10.0.0.0/16', allowedSecurityGroupId: 'sg-12345678' })).toMatch(/expected one of them, not both/);
    expect(redisSessions.validate?.({ ebApplication: 'openemr' })).toMatch(/expected both or neither/);
    expect(redisSessions.validate?.({ ebApplication: 'openemr', ebEnvironment: 'prod' })).toMatch(/^Parameter appDir/);
    expect(redisSessions.validate?.({ allowedCidr: '10.0.0.0/16' })).toBeUndefined();
  });
});
