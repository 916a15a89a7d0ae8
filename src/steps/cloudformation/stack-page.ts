/**
 * `cloudformation.stackPage`: the application a stack serves answers, through
 * the stack's URL (OpenEMR's login page). Read-only. Once the stack is
 * deleted by a drill's teardown (this run's, or the earlier run that proved
 * these backups), the page was checked before the teardown could start:
 * it is done, with that as evidence, and the same outputs.
 */
import { checkPage, pageUrl, type PageInput, type PageOutputs } from '../http/page.js';
import { type StepKind } from '../../engine/model/step.js';
import { describeStack, stackEvents } from './stack-events.js';
import { TEARDOWN_TOKEN_PREFIX } from './stack.js';

export interface StackPageInput extends PageInput {
  stackId: string;
}

const kind: StepKind<StackPageInput, PageOutputs> = {
  async check(ctx, input) {
    const stack = input.stackId ? await describeStack(ctx, input.stackId) : undefined;
    if (stack?.StackStatus?.startsWith('DELETE_')) {
      const deletion = (await stackEvents(ctx, input.stackId)).find((e) => e.ResourceType === 'AWS::CloudFormation::Stack' && e.ResourceStatus === 'DELETE_IN_PROGRESS');
      if (deletion?.ClientRequestToken?.startsWith(TEARDOWN_TOKEN_PREFIX))
        return {
          done: true,
          outputs: { url: pageUrl(input), status: input.expectStatus },
          evidence: [`Stack ${stack.StackName} is ${stack.StackStatus}: a drill's teardown deleted it once this page had answered (teardown started ${deletion.Timestamp?.toISOString()}).`],
        };
    }
    return checkPage(ctx, input);
  },
  plan: () => [],
};

export { kind as stackPageKind };
