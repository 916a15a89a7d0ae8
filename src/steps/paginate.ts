/**
 * Every page of a Describe or List a step relies on: AWS may answer any
 * paginated call with fewer items than there are and a NextToken (or Marker),
 * even when no page size was asked for. The SDK's paginators follow it.
 */
export async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}
