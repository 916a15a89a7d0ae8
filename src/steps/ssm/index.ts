export { lsofCommandIs, outputLineIs, succeeds } from './expectations.js';
export { portForward } from './port-forward.js';
export { readSecret } from './read-secret.js';
export { rebootCheck } from './reboot-check.js';
export { script } from './script.js';
export { sessionManagerPlugin } from './session-manager-plugin.js';
export { sshConfig } from './ssh-config.js';
export { verify } from './verify.js';
