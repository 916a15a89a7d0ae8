export { sessionCounter } from './session-counter.js';
