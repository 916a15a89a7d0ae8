/**
 * HTTP for verification steps (the session counter, files through a load
 * balancer). A port, so the sandbox can answer with simulated pages.
 */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpClient {
  get(url: string, headers?: Record<string, string>): Promise<HttpResponse>;
}

export function fetchHttpClient(timeoutMs = 10_000): HttpClient {
  return {
    async get(url, headers = {}) {
      const res = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
      const out: Record<string, string> = {};
      res.headers.forEach((v, k) => (out[k] = v));
      const cookies = res.headers.getSetCookie?.();
      if (cookies?.length) out['set-cookie'] = cookies.join('\n');
      return { status: res.status, headers: out, body: await res.text() };
    },
  };
}
