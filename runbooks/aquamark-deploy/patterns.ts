/** What aquamark-deploy and aquamark-upgrade accept as a repository, a ref and an image name, and the parameters they share. */
import { param } from '../../src/authoring/index.js';

export const GIT_SSH_URL = /^git@([A-Za-z0-9.-]+):([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?$/;
/** A branch, tag or commit: no `..`, no leading `/`, no trailing `.` or `/`. */
export const GIT_REF = /^(?!.*\.\.)(?!\/)[A-Za-z0-9._/-]{1,200}(?<![./])$/;
/** An image's name that is also a launch template's and an Auto Scaling group's (the narrowest of the three). */
export const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/;

export const sharedParams = {
  repository: param.string("The application's git repository (ssh URL; the deploy key reads it)", {
    default: 'git@github.com:vpac-innovations/aquamark.git',
    pattern: GIT_SSH_URL,
    expected: 'an ssh git URL such as git@github.com:vpac-innovations/aquamark.git',
  }),
  targetCpuPercent: param.int('Scale out above, in below, this average CPU', { min: 10, max: 90, unit: '%', default: 60 }),
  backupInstanceId: param.awsId('i', 'The backup machine that runs the daemons (an existing instance with the SSM agent)', { optional: true }),
  backupInstanceName: param.name('The backup machine, by its Name tag (instead of backupInstanceId)', { optional: true }),
};
