/** Identifiers shaped like AWS's, so code that validates or parses them works unchanged. */
import { randomBytes, randomUUID } from 'node:crypto';

/** `vpc-`, `subnet-`, `sg-`, `i-`, `eipalloc-`, `eipassoc-`, `vol-`, `r-`, `sgr-`, `key-` + 17 hex digits. */
export function resourceId(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** IAM unique ids: `AROA…` for roles, `AIPA…` for instance profiles. */
export function iamUniqueId(prefix: 'AROA' | 'AIPA' | 'AIDA'): string {
  return prefix + randomFrom(UPPER_ALNUM, 17);
}

/** Elastic Beanstalk environment ids: `e-` + 10 lowercase letters and digits. */
export function environmentId(): string {
  return `e-${randomFrom(LOWER_ALNUM, 10)}`;
}

export function uuid(): string {
  return randomUUID();
}


/** Whether `id` has the shape `<prefix>-<hex>` AWS accepts (8 or 17 hex digits). */
export function isWellFormedId(id: string, prefix: string): boolean {
  return new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(id);
}
