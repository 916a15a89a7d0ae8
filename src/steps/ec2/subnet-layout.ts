/**
 * Where a VPC's public subnets go: one per Availability Zone, each a
 * sixteenth of the VPC's block (a /16 gives /20 subnets). Pure, so the plan
 * of a dry-run and the apply agree.
 */
export const SUBNET_SLOTS = 16;

interface Block {
  base: number;
  size: number;
}

function toInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function block(cidr: string): Block {
  const [ip = '0.0.0.0', bits = '32'] = cidr.split('/');
  return { base: toInt(ip), size: 2 ** (32 - Number(bits)) };
}

function overlaps(a: Block, b: Block): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The prefix length of the subnets carved from `vpcCidr`. */
export function subnetPrefix(vpcCidr: string): number {
  return Number(vpcCidr.split('/')[1]) + Math.log2(SUBNET_SLOTS);
}

/** Slot `index` (0-15) of the VPC's block. */
export function subnetCidr(vpcCidr: string, index: number): string {
  const vpc = block(vpcCidr);
  return `${toIp(vpc.base + index * (vpc.size / SUBNET_SLOTS))}/${subnetPrefix(vpcCidr)}`;
}

/** The lowest `count` slots that overlap none of the subnets already in the VPC. */
export function freeSubnetCidrs(vpcCidr: string, taken: readonly string[], count: number): string[] {
  const used = taken.map(block);
  const free: string[] = [];
  for (let i = 0; i < SUBNET_SLOTS && free.length < count; i++) {
    const cidr = subnetCidr(vpcCidr, i);
    if (!used.some((u) => overlaps(u, block(cidr)))) free.push(cidr);
  }
  if (free.length < count) throw new Error(`VPC block ${vpcCidr} has room for ${free.length} more /${subnetPrefix(vpcCidr)} subnets, not ${count}.`);
  return free;
}

/**
 * `count` zones: those that already hold one of the VPC's subnets first (a
 * re-run keeps them), then the next available zones in name order.
 */
export function chooseZones(available: readonly string[], alreadyUsed: readonly string[], count: number): string[] {
  const ordered = [...new Set([...alreadyUsed.filter((z) => available.includes(z)).sort(), ...[...available].sort()])];
  if (ordered.length < count) throw new Error(`The region has ${ordered.length} available Availability Zones; ${count} subnets need as many.`);
  return ordered.slice(0, count);
}
