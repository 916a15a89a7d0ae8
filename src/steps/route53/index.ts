export { record } from './record.js';
export { resolves } from './resolves.js';
