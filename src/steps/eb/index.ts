export { application } from './application.js';
export { deployFolder } from './deploy.js';
export { environment } from './environment.js';
export { environmentInstances } from './environment-instances.js';
export { platform } from './platform.js';
