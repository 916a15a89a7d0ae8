/** The runbook's documentation, source map and parameters agree with its definition. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import network from '../index.js';
import { resolveParams } from '../../../src/engine/model/params.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';

const rehearsal = network.rehearsal!.params;

describe('qis-network definition', () => {
  it('maps every bullet of "VPC configuration", "Security groups" and "Load balancer" to a step or a decision', () => {
    expect(network.source.steps).toHaveLength(38);
    expect(uncoveredSourceSteps(network, instantiateSteps(network))).toEqual([]);
  });

  it('has a README whose source-step table is what `runbook show --format markdown` prints, answering the TODOs', () => {
    const readme = readFileSync(join(network.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(network));
    expect(readme).toMatch(/## The simple layout: does it open too much\? \(the source's TODO\)/);
    expect(readme).toMatch(/## Why a classic load balancer/);
    expect(readme).toMatch(/## What you change on the servers \(the source's Apache TODO\)[\s\S]*Listen 443/);
  });

  it('makes the subnets side by side: each needs only the VPC, and the load balancer waits for all of them', () => {
    const steps = instantiateSteps(network);
    for (const id of ['subnet-1', 'subnet-2', 'subnet-3']) expect(steps.find((s) => s.id === id)!.after).toEqual([]);
    expect(steps.find((s) => s.id === 'qis-subnets')!.after).toEqual(['subnet-1', 'subnet-2', 'subnet-3']);
  });

  it('refuses bad input before any AWS call', () => {
    const v = (extra: Record<string, unknown>) => network.validate!({ ...resolveParams(network.params, rehearsal).values, ...extra });
    expect(v({})).toBeUndefined();
    expect(v({ vpcCidr: '10.0.0.0/12' })).toMatch(/^Parameter vpcCidr: expected a block from \/16 to \/24/);
    expect(v({ certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/6fc10c90-d550-4fd5-bb5c-c2416e31839a', certificateKeyFile: '/tmp/k' })).toMatch(/^Parameter certificateKeyFile/);
    expect(resolveParams(network.params, {}).missing).toEqual(['operatorCidr']);
    expect(resolveParams(network.params, { operatorCidr: '0.0.0.0/0' }).missing).toEqual(['sshOpenToWorld']);
    expect(() => resolveParams(network.params, { operatorCidr: '203.0.113.7/24' })).toThrow(/has host bits set/);
    expect(() => resolveParams(network.params, { ...rehearsal, sshOpenToWorld: 'yes' })).toThrow(/expected one of ssh-open-to-the-world/);
  });
});
