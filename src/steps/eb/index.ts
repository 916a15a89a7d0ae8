export { deployFolder } from './deploy.js';
