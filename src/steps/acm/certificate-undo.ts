/**
 * Destroying what `acm.certificate` imported (a given certificate is never
 * touched). A load balancer deleted a moment ago may still hold it
 * (ResourceInUseException), so the delete waits.
 */
import { DeleteCertificateCommand, ListTagsForCertificateCommand } from '../../aws/sdk/acm.js';
import type { Undo } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { adoptedNote, deleteWhenFree, madeByRun } from '../undo.js';
import type { CertificateInput, CertificateOutputs } from './certificate.js';

export const certificateUndo: Undo<CertificateInput, CertificateOutputs> = {
  async find(ctx, { input, outputs }) {
    const arn = outputs.certificateArn;
    if (!arn || input.certificateArn) return [];
    let tags;
    try {
      tags = (await ctx.aws.acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))).Tags ?? [];
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    const mine = madeByRun(ctx, tags);
    return [{ type: 'acm:certificate', id: arn, madeByRun: mine, ...(mine ? {} : { note: adoptedNote('the certificate', tags) }) }];
  },
  plan: (resource) => [{ service: 'acm', operation: 'DeleteCertificate', input: { CertificateArn: resource.id }, note: 'once no load balancer uses it' }],
  remove: (ctx, resource) => deleteWhenFree(ctx, `certificate ${resource.id}`, () => ctx.aws.acm.send(new DeleteCertificateCommand({ CertificateArn: resource.id })), 600, 'ResourceInUseException'),
};
