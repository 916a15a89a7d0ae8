export { fileSystem } from './file-system.js';
export { mountTargets } from './mount-targets.js';
