/** CloudFormation: stacks over simulated time, from templates it reads as CloudFormation does. */
export { stacks as cloudformation } from './stacks.js';
export { liveWebEndpoint } from './endpoints.js';
