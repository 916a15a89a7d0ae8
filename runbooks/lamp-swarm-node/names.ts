/**
 * The DNS names of a run's workers: the first is `dnsName`, and each next one
 * counts the number at the end of its first label up, keeping its width
 * (node-01, node-02, ... node-10), as swarm nodes are usually named.
 */
const NUMBERED_LABEL = /^([^.]*?)(\d+)(\..*)?$/;

export function isNumbered(dnsName: string): boolean {
  return NUMBERED_LABEL.test(dnsName);
}

/** The nth worker's name (n from 1); the first is `first` itself. */
export function nthName(first: string, n: number): string {
  if (n === 1) return first;
  const m = NUMBERED_LABEL.exec(first);
  if (!m) throw new Error(`${first} has no number at the end of its first label to count up from.`);
  const [, stem, number, rest] = m as unknown as [string, string, string, string | undefined];
  return `${stem}${String(Number(number) + n - 1).padStart(number.length, '0')}${rest ?? ''}`;
}
