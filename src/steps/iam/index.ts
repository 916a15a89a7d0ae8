export { ssmInstanceProfile } from './ssm-instance-profile.js';
