export { lsofCommandIs, outputLineIs } from './expectations.js';
export { rebootCheck } from './reboot-check.js';
export { script } from './script.js';
export { verify } from './verify.js';
