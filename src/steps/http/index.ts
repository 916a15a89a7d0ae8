export { repeatedGet } from './repeated-get.js';
export { sessionCounter } from './session-counter.js';
