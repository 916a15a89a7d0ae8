import { describe, expect, it } from 'vitest';
import { isReportFormat, REPORT_EXTENSIONS, REPORT_FORMATS, renderReport } from '../../src/report/index.js';
import { succeededRun } from './fixtures.js';
import { parseXml } from './xml-check.js';

describe('renderReport', () => {
  it('renders every format', () => {
    expect(REPORT_FORMATS).toEqual(['json', 'markdown', 'junit']);
    expect(Object.keys(REPORT_EXTENSIONS)).toEqual([...REPORT_FORMATS]);
    expect(isReportFormat('junit')).toBe(true);
    expect(isReportFormat('html')).toBe(false);
    const state = succeededRun();
    const json = renderReport(state, 'json');
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toContain('\n  "reportVersion": 1,');
    expect(JSON.parse(json).summary.mutatingCallsSent).toBe(3);
    expect(renderReport(state, 'markdown')).toMatch(/^# Change record: /);
    expect(parseXml(renderReport(state, 'junit')).name).toBe('testsuites');
  });

  it('redacts raw values before escaping and the final text, without touching the state', () => {
    const secret = 'p&ss"<word>';
    const state = succeededRun();
    state.params.dbPassword = secret;
    state.steps[0]!.evidence = [`login with ${secret}`];
    const redact = (t: string) => t.split(secret).join('(secret)');
    for (const format of REPORT_FORMATS) {
      const out = renderReport(state, format, { redact });
      expect(out).not.toContain('p&ss');
      expect(out).not.toContain('p&amp;ss');
      expect(out).toContain('(secret)');
    }
    expect(state.params.dbPassword).toBe(secret);
    // The final-text pass catches what a renderer composed itself.
    expect(renderReport(state, 'markdown', { redact: (t) => t.replace('Change record', 'X') })).toMatch(/^# X: /);
  });
});
