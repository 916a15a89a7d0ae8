/**
 * The runbook's sample deployed to a sandbox environment: its hook mounts the
 * file system only when the network allows NFS, and the load balancer serves a
 * document from every instance only when it is on the shared file system.
 */
import { AuthorizeSecurityGroupIngressCommand } from '../../../src/aws/sdk/ec2.js';
import {
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentResourcesCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  UpdateEnvironmentCommand,
} from '../../../src/aws/sdk/elasticbeanstalk.js';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS_DIR } from '../sample.js';
import type { AwsSession } from '../../../src/aws/session.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { deploySample, environment, fileSystem, network } from './world.js';
import { newSandbox, runScript, simulatedWait } from '../../../test/sandbox/helpers.js';
import simulation from '../simulation.js';

async function deployed(options: { nfsOpen: boolean }) {
  const { aws, sandbox } = newSandbox(undefined, simulation);
  const world = await network(aws, options);
  const fsId = await fileSystem(aws, world);
  const cname = await environment(aws, world);
  await simulatedWait(181);
  const started = new Date();
  await deploySample(aws, fsId);
  await simulatedWait(91);
  const instances = (await aws.elasticBeanstalk.send(new DescribeEnvironmentResourcesCommand({ EnvironmentName: 'OpenEMR' }))).EnvironmentResources!.Instances!.map((i) => i.Id!);
  return { aws, sandbox, fsId, url: `http://${cname}`, started, instances, world };
}

async function get(sandbox: Sandbox, url: string, times: number) {
  const answers = [];
  for (let i = 0; i < times; i++) answers.push(await sandbox.httpGet(url));
  return answers.map((a) => ({ status: a.status, type: a.headers['content-type'], instance: a.headers['x-sandbox-instance'] }));
}

const createFile = (aws: AwsSession, instanceId: string) => runScript(aws, instanceId, 'efs-shared-documents/create-shared-file', { DOCUMENTS_DIR, FILE_NAME: 'foobar.txt' });

describe('the sample on a sandbox environment', () => {
  it('mounts the file system as the documents folder on every instance, so each serves every document', async () => {
    const { aws, sandbox, fsId, url, instances } = await deployed({ nfsOpen: true });
    const env = (await aws.elasticBeanstalk.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ['OpenEMR'] }))).Environments![0]!;
    expect(env).toMatchObject({ Status: 'Ready', VersionLabel: 'OpenEMR', Health: 'Green' });
    const settings = (await aws.elasticBeanstalk.send(new DescribeConfigurationSettingsCommand({ ApplicationName: 'openemr', EnvironmentName: 'OpenEMR' }))).ConfigurationSettings![0]!.OptionSettings!;
    expect(settings).toContainEqual({ Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'FILE_SYSTEM_ID', Value: fsId });

    const png = await get(sandbox, `${url}/sample/documents/Test.png`, 4);
    expect(png.every((a) => a.status === 200 && a.type === 'image/png')).toBe(true);
    expect(new Set(png.map((a) => a.instance)).size).toBe(2);
    for (const id of instances) {
      const probe = await runScript(aws, id, 'efs-shared-documents/documents-mount', { DOCUMENTS_DIR, FILE_SYSTEM_ID: fsId }, { probe: true });
      expect(probe.stdout).toContain(`source: ${fsId}.efs.us-east-1.amazonaws.com:/`);
      expect(probe.stdout).toMatch(/efs-mounted\n$/);
    }

    await createFile(aws, instances[0]!);
    const txt = await get(sandbox, `${url}/sample/documents/foobar.txt`, 4);
    expect(txt.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(Object.keys(sandbox.snapshot().regions['us-east-1']!.fileSystems![fsId]!.files).sort()).toEqual(['Test.png', 'foobar.txt']);
    const hostFstab = sandbox.snapshot().regions['us-east-1']!.instances[instances[1]!]!.host.files['/etc/fstab']!.content;
    expect(hostFstab).toContain(`${fsId}.efs.us-east-1.amazonaws.com:/ /mnt/efs-documents nfs4 `);
  });

  it('fails the deployment with the hook\'s error when NFS is not allowed, a file on one instance\'s disk 404s on the other, and a deployment once NFS is open fixes both', async () => {
    const { aws, sandbox, fsId, url, started, instances, world } = await deployed({ nfsOpen: false });
    const env = (await aws.elasticBeanstalk.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ['OpenEMR'] }))).Environments![0]!;
    expect(env).toMatchObject({ Status: 'Ready', Health: 'Red' });
    expect(env.VersionLabel).not.toBe('OpenEMR');
    const events = (await aws.elasticBeanstalk.send(new DescribeEventsCommand({ EnvironmentName: 'OpenEMR', StartTime: started }))).Events!;
    const errors = events.filter((e) => e.Severity === 'ERROR').map((e) => e.Message);
    expect(errors).toContainEqual(expect.stringMatching(/RunAppDeployPostDeployHooks.*\.platform\/hooks\/postdeploy\/01-mount-efs\.sh failed with error exit status 32.*mount\.nfs4: Connection timed out/));

    const probe = await runScript(aws, instances[1]!, 'efs-shared-documents/documents-mount', { DOCUMENTS_DIR, FILE_SYSTEM_ID: fsId }, { probe: true });
    expect(probe.exitCode).toBe(1);
    expect(probe.stdout).toContain(`${DOCUMENTS_DIR} is not a mountpoint`);
    await createFile(aws, instances[0]!);
    const txt = await get(sandbox, `${url}/sample/documents/foobar.txt`, 4);
    expect(txt.map((a) => a.status).sort()).toEqual([200, 200, 404, 404]);

    // The fix: NFS from the instances' group, and the same version deployed again.
    await aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: world.nfsGroup, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 2049, ToPort: 2049, UserIdGroupPairs: [{ GroupId: world.instancesGroup }] }] }));
    await aws.elasticBeanstalk.send(new UpdateEnvironmentCommand({ EnvironmentName: 'OpenEMR', VersionLabel: 'OpenEMR' }));
    await simulatedWait(91);
    expect((await aws.elasticBeanstalk.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ['OpenEMR'] }))).Environments![0]).toMatchObject({ VersionLabel: 'OpenEMR', Health: 'Green' });
    expect((await get(sandbox, `${url}/sample/documents/Test.png`, 4)).map((a) => a.status)).toEqual([200, 200, 200, 200]);
    // The file written to one instance's application folder went with that folder at the deployment: why documents live on EFS.
    expect((await get(sandbox, `${url}/sample/documents/foobar.txt`, 4)).map((a) => a.status)).toEqual([404, 404, 404, 404]);
    await createFile(aws, instances[0]!);
    expect((await get(sandbox, `${url}/sample/documents/foobar.txt`, 4)).map((a) => a.status)).toEqual([200, 200, 200, 200]);
  });
});
