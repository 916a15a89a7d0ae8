/** The region is resolved once, by the SDK's own configuration chain: the flag, AWS_REGION, the profile's config, AWS_DEFAULT_REGION. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveRegion } from '../../src/engine/run/run.js';
import { setEnv } from '../emulator/moto.js';

describe('resolveRegion', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  function config(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-config-'));
    writeFileSync(join(dir, 'config'), text);
    return join(dir, 'config');
  }

  it("takes the flag, then AWS_REGION, then the profile's region from the shared config file, then AWS_DEFAULT_REGION", async () => {
    const file = config('[default]\nregion = sa-east-1\n[profile ops]\nregion = eu-west-3\n');
    restore = setEnv({ AWS_CONFIG_FILE: file, AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_PROFILE: undefined });
    expect(await resolveRegion({ region: 'ap-south-1', profile: 'ops' })).toBe('ap-south-1');
    expect(await resolveRegion({ profile: 'ops' })).toBe('eu-west-3');
    expect(await resolveRegion({})).toBe('sa-east-1');
    process.env.AWS_PROFILE = 'ops';
    expect(await resolveRegion({})).toBe('eu-west-3');
    process.env.AWS_REGION = 'us-west-2';
    expect(await resolveRegion({ profile: 'ops' })).toBe('us-west-2');
  });

  it('falls back to AWS_DEFAULT_REGION, and is bad usage when nothing names a region', async () => {
    restore = setEnv({ AWS_CONFIG_FILE: config(''), AWS_REGION: undefined, AWS_DEFAULT_REGION: 'ca-central-1', AWS_PROFILE: undefined });
    expect(await resolveRegion({})).toBe('ca-central-1');
    delete process.env.AWS_DEFAULT_REGION;
    await expect(resolveRegion({})).rejects.toThrow('No AWS region is set: pass --region, set AWS_REGION, or give the profile a region.');
  });
});
