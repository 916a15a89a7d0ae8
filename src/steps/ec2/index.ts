export { ami } from './ami.js';
export { elasticIp } from './elastic-ip.js';
export { instance } from './instance.js';
export { network } from './network.js';
export { securityGroup } from './security-group.js';
