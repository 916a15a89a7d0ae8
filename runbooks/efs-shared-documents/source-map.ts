/**
 * The source procedure's numbered steps, in its order, and the decisions taken
 * where the runbook does not do what the text says.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = Array.from({ length: 36 }, (_, i) => String(i + 1));

export const decisions: Decision[] = [
  {
    covers: '1-3',
    decision:
      'The wizard becomes API calls: VPC openemr-vpc with DNS host names on, one public subnet per Availability Zone, an internet gateway and a route table with the default route. The wizard makes one subnet, but a load-balanced environment needs two zones: subnetCount (default 2) subnets in as many zones. vpcId adopts an existing VPC instead and changes nothing in it.',
  },
  { covers: '4-5', decision: 'applicationName (default openemr).' },
  { covers: '7', decision: 'A web server tier: WebServer/Standard.' },
  { covers: '8', decision: 'The recommended version of the newest PHP branch on 64bit Amazon Linux 2023, read from the platform list when the run starts; platformArn overrides it.' },
  { covers: '9-11', decision: 'Console navigation: every option goes into the one CreateEnvironment call.' },
  {
    covers: '12',
    decision:
      'Load balancer and instances use the public subnets of the vpc step. The instances get the group openemr-instances, made for them with no inbound rule, so the NFS group can admit exactly them; Elastic Beanstalk adds its own group for HTTP from the load balancer.',
  },
  { covers: '13-14', decision: 'environmentName (default OpenEMR).' },
  { covers: '15-16', decision: 'minInstances (default 2, at least 2: the checks need a second instance to prove sharing).' },
  {
    covers: '17',
    decision:
      'The step waits until the environment is Ready, showing its event stream, and fails with its own error events if it ends unhealthy. Before it, EBS encryption by default is turned on in the region: Elastic Beanstalk has no option to encrypt its instances\' volumes, and this setting encrypts every new volume in the region, not only the environment\'s.',
  },
  { covers: '18', decision: 'Encrypted at rest; found again by its Name and tags, created with a creation token so a resume never makes a second one.' },
  {
    covers: '19',
    decision:
      'A mount target in every subnet of the vpc step, behind openemr-efs-nfs, which allows NFS (2049) only from openemr-instances. The console would use the default group, which does not let the instances in.',
  },
  { covers: '20', decision: 'The tag OpenEMR-EFS = Documents, besides Name and the runbook tags.' },
  { covers: '21', decision: 'performanceMode (generalPurpose or maxIO, default generalPurpose); it cannot change after creation, so a file system in the other mode is refused.' },
  { covers: '22', decision: 'Nothing to note by hand: the id is the file-system step\'s output, read by the bundle and the checks, and recorded in the run state.' },
  { covers: '25', decision: 'No download: the runbook generates a small PNG, the same bytes every time.' },
  {
    covers: '26',
    decision:
      'The source\'s hook directory exists only on retired Amazon Linux 1 platforms: the hook is .platform/hooks/postdeploy/01-mount-efs.sh (and confighooks). The source mounts at sample/shared while its checks read sample/documents: the file system is mounted at /mnt/efs-documents and sample/documents becomes a link to it. The hook carries its values as data, so it needs no jq.',
  },
  { covers: '27', decision: 'A reproducible zip (sorted entries, fixed times and modes) with .ebextensions and .platform at its root, where Elastic Beanstalk reads them; zipping the sample folder itself would bury them one level down.' },
  { covers: '28-29', decision: 'Uploaded to the environment\'s storage bucket under a name made of its content; the version label is OpenEMR, or OpenEMR-<content hash> when OpenEMR exists with other content.' },
  { covers: '30', decision: 'The step waits until the environment is Ready on that version, showing its events.' },
  { covers: '31', decision: 'No console session: commands go to the instances through SSM Run Command (the instance profile carries AmazonSSMManagedInstanceCore); the instances come from the environment\'s resources.' },
  {
    covers: '32',
    decision:
      'foobar.txt is created in sample/documents, the folder the checks read, on the first instance; then mountpoint on every instance proves that the folder is the file system there.',
  },
  { covers: '33-36', decision: 'The environment\'s address, requests rounds (default 20) of both files; every answer is recorded and one that is not 200 fails the step.' },
];
