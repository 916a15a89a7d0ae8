/** Medians for the bench: of numbers, and the run whose figure is the median (odd-length lists). */
export function medianBy<T>(items: readonly T[], by: (item: T) => number): T {
  return [...items].sort((a, b) => by(a) - by(b))[Math.floor(items.length / 2)]!;
}

export const median = (xs: readonly number[]): number => medianBy(xs, (x) => x);
