/**
 * `npm run readmes`: rewrite the generated half of every shipped runbook's
 * README (from "## Parameters" to the end) from its definition. The prose
 * above it is the runbook author's; test/runbooks-readme.test.ts fails when
 * the generated half is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED } from '../../runbooks/index.js';
import { readmeReference } from '../../src/report/runbook-views.js';

export const REFERENCE_HEADING = '## Parameters';

export function withReference(readme: string, reference: string): string {
  const at = readme.indexOf(`\n${REFERENCE_HEADING}\n`);
  return `${(at < 0 ? readme : readme.slice(0, at)).trimEnd()}\n\n${reference}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const entry of SHIPPED) {
    const def = (await entry.load()).default;
    const path = join(def.dir, 'README.md');
    const before = readFileSync(path, 'utf8');
    const after = withReference(before, readmeReference(def));
    if (after !== before) writeFileSync(path, after);
    console.log(`${after === before ? 'unchanged' : 'updated  '} ${path}`);
  }
}
