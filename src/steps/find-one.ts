/**
 * The one resource a lookup by tags or name must find. Several are never
 * chosen between: the step stops and names them, so a person decides which
 * stays (a twin left by a crash, or someone else's).
 */
export class DuplicateResourcesError extends Error {
  override name = 'DuplicateResources';
}

/**
 * `what` names the kind and how it was looked up, in the plural ("Elastic IPs
 * named web from this runbook"); `remedy` says what to do about the extra ones.
 */
export function findOne<T>(found: readonly T[], what: string, idOf: (item: T) => string | undefined, remedy = 'delete the extra ones first'): T | undefined {
  if (found.length > 1) throw new DuplicateResourcesError(`Found ${found.length} ${what} (${found.map((f) => idOf(f) ?? '?').join(', ')}); ${remedy}.`);
  return found[0];
}
