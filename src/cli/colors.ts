/** Colours for people at a terminal; chalk drops them without a TTY or with NO_COLOR set. */
import { Chalk, chalkStderr } from 'chalk';

type Paint = (text: string) => string;

function byStatus(c: InstanceType<typeof Chalk>): Record<string, Paint> {
  return {
    succeeded: c.green,
    ok: c.green,
    changed: c.yellow,
    planned: c.cyan,
    skipped: c.dim,
    pending: c.dim,
    'manual-pending': c.magenta,
    'needs-operator': c.magenta,
    interrupted: c.magenta,
    failed: c.red,
  };
}

const stderrPaint = byStatus(chalkStderr);
const stdoutPaint = byStatus(new Chalk());

/** Paint `text` in the colour of `status`, for stderr (messages) or stdout (listings). */
export function paint(status: string, text: string, stream: 'stderr' | 'stdout' = 'stderr'): string {
  return ((stream === 'stderr' ? stderrPaint : stdoutPaint)[status] ?? ((t: string) => t))(text);
}
