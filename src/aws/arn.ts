/** ARNs as AWS writes them: `arn:partition:service:region:account:resource`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(text: string): Arn | undefined {
  const m = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/.exec(text);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4]!, resource: m[5]! };
}

/** The region an ARN names, or a sentence-ready error. */
export function regionOfArn(text: string, what: string): string {
  const arn = parseArn(text);
  if (!arn?.region) throw new Error(`${what} ${text} is not an ARN that names its region.`);
  return arn.region;
}
