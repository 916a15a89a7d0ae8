import { describe, expect, it } from 'vitest';
import type { HttpClient, HttpResponse } from '../../../src/io/http.js';
import { repeatedGetKind } from '../../../src/steps/http/repeated-get.js';
import { stepContext } from '../../helpers/step-context.js';
import { repeatedGet } from '../../../src/steps/http/index.js';

const input = { baseUrl: 'http://openemr.example.com/', paths: ['/sample/documents/Test.png', '/sample/documents/foobar.txt'], requests: 3 };

/** Two servers behind a balancer, taking turns; `missing` lists what each one cannot serve. */
function balancer(missing: Record<number, string[]> = {}): HttpClient & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    get: async (url): Promise<HttpResponse> => {
      const server = urls.push(url) % 2;
      const path = new URL(url).pathname;
      if (missing[server]?.includes(path)) return { status: 404, headers: { 'content-type': 'text/html' }, body: 'Not Found' };
      return { status: 200, headers: { 'Content-Type': path.endsWith('.png') ? 'image/png' : 'text/plain' }, body: path.endsWith('.png') ? 'x'.repeat(120) : '' };
    },
  };
}

describe('http.repeatedGet', () => {
  it('requests every path each round and records every answer', async () => {
    const http = balancer();
    const result = await repeatedGetKind.check(stepContext({ http }), input);

    const png = 'http://openemr.example.com/sample/documents/Test.png';
    const txt = 'http://openemr.example.com/sample/documents/foobar.txt';
    // Rounds start one path later each time, so two servers taking turns each serve both files.
    expect(http.urls).toEqual([png, txt, txt, png, png, txt]);
    expect(result).toMatchObject({ done: true, outputs: { answered: 6 } });
    expect(result.evidence).toHaveLength(6);
    expect(result.evidence![0]).toBe('round 1: GET /sample/documents/Test.png -> HTTP 200, image/png, 120 bytes');
    expect(result.evidence![1]).toBe('round 1: GET /sample/documents/foobar.txt -> HTTP 200, text/plain, 0 bytes');
    expect(result.evidence![2]).toBe('round 2: GET /sample/documents/foobar.txt -> HTTP 200, text/plain, 0 bytes');
    expect(repeatedGet('x', { covers: '1' } as never).mutating).toBe(false);
  });

  it('fails when one server cannot serve a file, and says which requests failed', async () => {
    const result = await repeatedGetKind.check(stepContext({ http: balancer({ 0: ['/sample/documents/foobar.txt'] }) }), input);

    expect(result.done).toBe(false);
    if (result.done) return;
    // Server 0 answers requests 2, 4 and 6: foobar.txt in round 1 and 3 only; round 2 sends it to the other server.
    expect(result.reason).toBe('2 of 6 requests to http://openemr.example.com failed (round 1: /sample/documents/foobar.txt answered 404; round 3: /sample/documents/foobar.txt answered 404).');
    expect(result.evidence).toContain('round 3: GET /sample/documents/foobar.txt -> HTTP 404, text/html, 9 bytes');
  });

  it('refuses an empty address', async () => {
    await expect(repeatedGetKind.check(stepContext(), { ...input, baseUrl: '' })).rejects.toThrow('No URL to request: the environment has no address.');
  });
});
