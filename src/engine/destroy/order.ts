/**
 * The order in which `runbook destroy` removes a run's resources: the run's
 * own order reversed. A step's resources go only after those of every step
 * that depends on it (its data or its `after`), so an Elastic IP is released
 * before its instance terminates, and the instance before its security group
 * is deleted; steps that do not depend on each other go side by side.
 */

/** For each step, the steps whose removals must finish before its own start: those that depend on it. */
export function removalPrerequisites(dependencies: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const before = new Map<string, string[]>([...dependencies.keys()].map((id) => [id, []]));
  for (const [id, deps] of dependencies) for (const dep of deps) before.get(dep)?.push(id);
  return before;
}

export type Removal<T> = (stepId: string) => Promise<T>;

/**
 * Runs `remove` for every step once its prerequisites have finished, at most
 * `concurrency` at a time. A step whose prerequisite did not succeed
 * (`ok(result)` false) is not attempted: `blocked(stepId, by)` says so.
 */
export async function removeInReverse<T>(
  dependencies: ReadonlyMap<string, readonly string[]>,
  remove: Removal<T>,
  ok: (result: T) => boolean,
  blocked: (stepId: string, by: string) => T,
  concurrency = Infinity,
): Promise<Map<string, T>> {
  const before = removalPrerequisites(dependencies);
  const results = new Map<string, Promise<T>>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
  };
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  const visit = (id: string): Promise<T> => {
    const known = results.get(id);
    if (known) return known;
    const promise = (async () => {
      const first = await Promise.all((before.get(id) ?? []).map(async (p) => ({ p, result: await visit(p) })));
      const failed = first.find((f) => !ok(f.result));
      if (failed) return blocked(id, failed.p);
      await slot();
      try {
        return await remove(id);
      } finally {
        release();
      }
    })();
    results.set(id, promise);
    return promise;
  };
  const all = await Promise.all([...dependencies.keys()].map(async (id) => [id, await visit(id)] as const));
  return new Map(all);
}
