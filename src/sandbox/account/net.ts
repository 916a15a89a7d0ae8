/** IPv4 arithmetic for private addresses in subnets and simulated public addresses. */

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip = '0.0.0.0', bits = '32'] = cidr.split('/');
  return { base: ipToInt(ip), size: 2 ** (32 - Number(bits)) };
}

/** Addresses a subnet can hand out: AWS reserves the first four and the last one. */
export function subnetCapacity(cidr: string): number {
  return parseCidr(cidr).size - 5;
}

/** The `index`-th usable host address of a subnet (0 = `.4` of a /20 or /24). */
export function subnetHost(cidr: string, index: number): string {
  const { base, size } = parseCidr(cidr);
  if (index < 0 || index >= size - 5) throw new Error(`subnet ${cidr} has no free address`);
  return intToIp(base + 4 + index);
}

export function isIpv4Cidr(value: string): boolean {
  return /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(value);
}

/** EC2's private DNS name for a us-east-1 address, `ip-172-31-1-4.ec2.internal`. */
export function privateDnsName(ip: string, region: string): string {
  const domain = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `ip-${ip.replace(/\./g, '-')}.${domain}`;
}

export function publicDnsName(ip: string, region: string): string {
  const domain = region === 'us-east-1' ? 'compute-1.amazonaws.com' : `${region}.compute.amazonaws.com`;
  return `ec2-${ip.replace(/\./g, '-')}.${domain}`;
}

/**
 * Public addresses come from the documentation ranges (RFC 5737), so a
 * sandbox address can never be mistaken for, or reach, a real host.
 */
export function documentationAddress(pool: 'elastic' | 'auto', index: number): string {
  const base = pool === 'elastic' ? ipToInt('203.0.113.0') : ipToInt('198.51.100.0');
  return intToIp(base + 1 + (index % 254));
}
