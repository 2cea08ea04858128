import { request } from 'node:http';
import type { GraphqlResponse, TestApp } from './test-app.js';

/**
 * A GraphQL POST sent from another loopback address (127.0.0.0/8 all reach the app), so a test
 * can act as a different client address without trusting a forwarded header.
 */
export function gqlFrom(
  t: TestApp,
  localAddress: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphqlResponse & { headers: Record<string, string | string[] | undefined> }> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      `${t.url}/graphql`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString()) as { data?: any; errors?: GraphqlResponse['errors'] };
          resolve({ status: res.statusCode ?? 0, data: parsed.data ?? null, errors: parsed.errors, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
