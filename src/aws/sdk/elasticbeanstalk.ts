/** Elastic Beanstalk's commands and types, with its client registered for the session: import Elastic Beanstalk from here, not from the SDK package. */
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { registerClient } from '../client-registry.js';

registerClient('elasticbeanstalk', ElasticBeanstalkClient);

export * from '@aws-sdk/client-elastic-beanstalk';
