import { describe, expect, it } from 'vitest';
import { pageKind } from '../../../src/steps/http/page.js';
import { stepContext } from '../../helpers/step-context.js';

describe('http.page', () => {
  it('is done when the page answers with the status and text, and asks again while it does not', async () => {
    let asked = 0;
    const urls: string[] = [];
    const http = { get: async (url: string) => (urls.push(url), ++asked < 3 ? { status: 503, headers: {}, body: 'starting' } : { status: 200, headers: {}, body: '<title>OpenEMR Login</title>' }) };
    const result = await pageKind.check(stepContext({ http }), { url: 'http://lb.example/openemr/', path: '/interface/login/login.php', expectStatus: 200, expectText: 'login', waitSeconds: 600 });
    expect(result).toMatchObject({ done: true, outputs: { url: 'http://lb.example/openemr/interface/login/login.php', status: 200 }, evidence: ['GET http://lb.example/openemr/interface/login/login.php -> HTTP 200, "OpenEMR Login"'] });
    expect(new Set(urls).size).toBe(1);
  });

  it('fails with the last answer when it never comes', async () => {
    const http = { get: async () => ({ status: 404, headers: {}, body: 'no' }) };
    expect(await pageKind.check(stepContext({ http }), { url: 'http://lb.example', expectStatus: 200, waitSeconds: 20 })).toMatchObject({ done: false, reason: expect.stringContaining('last: GET http://lb.example -> HTTP 404') });
    await expect(pageKind.check(stepContext({ http }), { url: '', expectStatus: 200, waitSeconds: 20 })).rejects.toThrow(/No URL to request/);
  });
});
