export { folder } from './folder.js';
export { render } from './render.js';
