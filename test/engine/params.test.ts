/** Parameter validation: one sentence naming the parameter and what is expected. */
import { describe, expect, it } from 'vitest';
import { isIpv4Cidr, nearest, param, parseParam, resolveParams } from '../../src/engine/model/params.js';

describe('parameters', () => {
  const cases: [string, ReturnType<typeof param.string>, string, boolean][] = [
    ['cidr', param.cidr('c'), '10.0.0.0/16', true],
    ['cidr', param.cidr('c'), '10.0.0.0/33', false],
    ['cidr', param.cidr('c'), '300.1.1.1/8', false],
    ['cidr', param.cidr('c'), '10.0.0.0/16; ls', false],
    ['vpc', param.awsId('vpc', 'v'), 'vpc-0123456789abcdef0', true],
    ['vpc', param.awsId('vpc', 'v'), 'vpc-12345678', true],
    ['vpc', param.awsId('vpc', 'v'), 'vpc-xyz', false],
    ['vpc', param.awsId('vpc', 'v'), 'subnet-12345678', false],
    ['sg', param.awsId('sg', 's'), 'sg-1234567', false],
    ['type', param.instanceType('t'), 'm7i.large', true],
    ['type', param.instanceType('t'), 'm7i large', false],
    ['type', param.instanceType('t'), 'M7I.$(id)', false],
    ['host', param.hostname('h'), 'node1.example.com', true],
    ['host', param.hostname('h'), 'node_1.example.com', false],
    ['host', param.hostname('h'), 'localhost', false],
    ['name', param.name('n'), "redis'; rm -rf /", false],
    ['name', param.name('n'), 'line\nbreak', false],
    ['url', param.url('u'), 'https://app.example.com/session.php', true],
    ['url', param.url('u'), 'ftp://x', false],
  ];
  it.each(cases)('%s accepts or refuses %j', (_kind, spec, raw, ok) => {
    if (ok) expect(parseParam('p', spec as never, raw)).toBe(raw);
    else expect(() => parseParam('p', spec as never, raw)).toThrow(/^Parameter p: expected /);
  });

  it('coerces numbers and booleans from the command line and names the range', () => {
    expect(parseParam('size', param.int('s', { min: 8, max: 16 }) as never, '12')).toBe(12);
    expect(() => parseParam('size', param.int('s', { min: 8, max: 16, unit: 'GiB' }) as never, '7')).toThrow("Parameter size: expected a whole number from 8 to 16 (GiB), got '7'.");
    expect(parseParam('b', param.boolean('b') as never, 'true')).toBe(true);
    expect(parseParam('b', param.port('p') as never, '6379')).toBe(6379);
  });

  it('never echoes a secret value in an error', () => {
    expect(() => parseParam('pw', param.string('pw', { secret: true, pattern: /^x+$/ }) as never, 'topsecret')).toThrow(/got the value given/);
  });

  it('fills defaults, lists missing required ones, and suggests the nearest name for an unknown one', () => {
    const specs = { vpcId: param.awsId('vpc', 'v', { optional: true }), size: param.int('s', { min: 1, max: 9, default: 3 }), owner: param.name('o') };
    expect(resolveParams(specs as never, {})).toEqual({ values: { size: 3 }, missing: ['owner'], unset: ['vpcId'] });
    expect(() => resolveParams(specs as never, { vpcid: 'vpc-12345678' })).toThrow('Unknown parameter vpcid: did you mean vpcId?');
    expect(nearest('redis-session', ['redis-sessions', 'lamp-swarm-node'])).toBe('redis-sessions');
    expect(isIpv4Cidr('010.0.0.0/8')).toBe(false);
  });

  it('reports every invalid and unknown parameter at once, one sentence each', () => {
    const specs = { vpcId: param.awsId('vpc', 'v', { optional: true }), size: param.int('s', { min: 1, max: 9, default: 3 }), owner: param.name('o') };
    expect(() => resolveParams(specs as never, { vpcId: 'vpc-xyz', size: '12', ownr: 'me' })).toThrow(
      /^Parameter vpcId: expected .*, got 'vpc-xyz'\. Parameter size: expected a whole number from 1 to 9, got '12'\. Unknown parameter ownr: did you mean owner\?$/,
    );
  });
});
