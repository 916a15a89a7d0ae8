export { manual } from './manual.js';
