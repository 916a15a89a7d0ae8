/**
 * What a sandbox account holds before this runbook first runs in it: the QIS
 * image the qis-ami runbook makes, tagged as it tags it (its Name and
 * `runbook:id` qis-ami), with QIS installed and its services installed but
 * not enabled, and QIS's deploy/aws/configure.sh. The network comes from a
 * run of qis-network before this one (the rehearsal's `before`).
 */
import { defineAccountSeed } from '../../src/authoring/simulation.js';
import { TAG_RUNBOOK } from '../../src/authoring/index.js';
import { CONFIGURE_SCRIPT } from './roles.js';

export const QIS_IMAGE_NAME = 'qis';

const CONFIGURE_SH = '#!/bin/bash\n# QIS: enable and configure the services of one server role (db, web)\nrole="$1"\n';

export default defineAccountSeed({
  images: [
    {
      region: 'us-east-1',
      imageId: 'ami-0915c0ffee0000001',
      name: QIS_IMAGE_NAME,
      tags: { [TAG_RUNBOOK]: 'qis-ami' },
      os: 'al2023',
      rootVolumeSizeGiB: 5,
      files: { [CONFIGURE_SCRIPT]: CONFIGURE_SH, '/opt/qis/src/runserver.py': '# QIS\n' },
      packages: { httpd: '2.4.62', memcached: '1.6.22', 'postgresql-server': '16.4' },
      units: { httpd: 'httpd', memcached: 'memcached', postgresql: 'postgresql-server' },
    },
  ],
});
