/**
 * The architecture as rules (docs/architecture.md): which layer may import
 * which, no import cycles (type imports included), runbooks written against
 * the public API only. `npm run lint` checks them.
 */
const layer = (path) => `^src/${path}`;

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Import cycles, type imports included.', from: {}, to: { circular: true } },
    { name: 'core-is-the-bottom', severity: 'error', comment: 'src/core is the vocabulary everything shares: it imports nothing of ours.', from: { path: layer('core/') }, to: { path: '^(src|runbooks)/', pathNot: layer('core/') } },
    {
      name: 'aws-and-io-below-the-engine',
      severity: 'error',
      comment: 'src/aws and src/io serve the engine and the steps; they never import them.',
      from: { path: layer('(aws|io)/') },
      to: { path: '^(runbooks/|src/(engine|steps|sandbox|report|cli|authoring)/)' },
    },
    { name: 'model-is-plain', severity: 'error', comment: 'The model knows nothing of planning, running or state.', from: { path: layer('engine/model/') }, to: { path: layer('engine/(plan|run|state)/') } },
    {
      name: 'engine-above-nothing-but-model',
      severity: 'error',
      comment: 'The engine runs step kinds and a sandbox given to it; it imports neither, nor the CLI or reports.',
      from: { path: layer('engine/') },
      to: { path: '^(runbooks/|src/(steps|sandbox|report|cli|authoring)/)' },
    },
    {
      name: 'steps-use-the-model-only',
      severity: 'error',
      comment: 'A step kind sees its StepContext, never the executor, the state or the sandbox.',
      from: { path: layer('steps/') },
      to: { path: '^(runbooks/|src/(engine/(plan|run|state)|sandbox|report|cli|authoring)/)' },
    },
    { name: 'sandbox-names-no-runbook', severity: 'error', comment: 'The sandbox is a generic world that runbooks plug into.', from: { path: layer('sandbox/') }, to: { path: '^(runbooks/|src/(steps|cli|authoring)/)' } },
    { name: 'host-is-generic', severity: 'error', comment: 'The simulated host knows nothing of the simulated account.', from: { path: layer('sandbox/host/') }, to: { path: layer('sandbox/(account|services)/') } },
    {
      name: 'runbooks-use-the-public-api',
      severity: 'error',
      comment: 'A shipped runbook imports only what a team writing its own can: src/authoring.',
      from: { path: '^runbooks/', pathNot: ['^runbooks/[^/]+/tests/', '^runbooks/index\\.ts$'] },
      to: { path: '^src/', pathNot: layer('authoring/(index|simulation)\\.ts$') },
    },
    {
      name: 'only-the-catalog-knows-the-runbooks',
      severity: 'error',
      comment: 'The shipped runbooks are reached through runbooks/index.ts, by the CLI catalog and the test helper.',
      from: { path: '^src/', pathNot: layer('(cli/catalog|authoring/testing)\\.ts$') },
      to: { path: '^runbooks/' },
    },
    {
      name: 'sdk-through-its-service-module',
      severity: 'error',
      comment: "AWS SDK clients load when their service's commands are imported from src/aws/sdk/<service>.ts.",
      from: { path: '^src/', pathNot: layer('aws/sdk/') },
      to: { path: '@aws-sdk/client-', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
