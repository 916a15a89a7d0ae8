/**
 * The counts the README's Reliability section quotes, from the reliability
 * suite's own scenarios: `npx tsx test/helpers/reliability-counts.ts`.
 */
import { SCENARIOS } from '../reliability/scenarios.js';
import { activeSteps, baseline, writers } from '../reliability/interruption.js';

let boundaries = 0;
let applies = 0;
let crashes = 0;
for (const s of SCENARIOS) {
  const steps = (await activeSteps(s)).length - 1;
  const writes = writers((await baseline(s)).state).length;
  crashes += s.crashSteps?.length ?? 0;
  boundaries += steps;
  applies += writes;
  console.log(`${s.runbook}: ${steps} stops at step boundaries, ${writes} inside applies, ${s.crashSteps?.length ?? 0} kills`);
}
console.log(`${SCENARIOS.length} runbooks: ${boundaries} + ${applies} interruptions, ${crashes} kills`);
