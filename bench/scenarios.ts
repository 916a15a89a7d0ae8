/** Parameters and account preparation for runbooks whose defaults need a partner (none yet need one). */
export const SCENARIO_PARAMS: Record<string, Record<string, unknown>> & { setup?: Record<string, (stateDir: string) => Promise<void>> } = {};
