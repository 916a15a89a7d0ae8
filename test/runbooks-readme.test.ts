/** Every shipped runbook's README ends with its generated reference: parameters, steps, source steps, graph (`npm run readmes`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED } from '../runbooks/index.js';
import { readmeReference } from '../src/report/runbook-views.js';
import { withReference } from './helpers/update-readmes.js';

describe('runbook READMEs', () => {
  it.each(SHIPPED.map((s) => s.id))('%s: the generated half is up to date (run npm run readmes)', async (id) => {
    const def = (await SHIPPED.find((s) => s.id === id)!.load()).default;
    const readme = readFileSync(join(def.dir, 'README.md'), 'utf8');
    expect(readme).toBe(withReference(readme, readmeReference(def)));
  });
});
