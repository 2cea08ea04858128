// Load generation with autocannon, from the bench process. Every response must be byte-equal
// to a reference answer fetched first, so a server answering errors fast cannot look good.
import autocannon from 'autocannon';

export const LOAD = { connections: 10, warmupSeconds: 3, measuredSeconds: 10 };

export interface LoadTarget {
  name: string;
  /** The GraphQL endpoint. */
  url: string;
  query: string;
  token?: string;
}

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU the server process used per request over the measured run, where it was asked for. */
  cpuUsPerRequest?: number;
}

/** One request outside the load, checked to be a success: its body is what every load response must equal. */
export async function referenceAnswer(target: LoadTarget): Promise<string> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: headersOf(target),
    body: bodyOf(target),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
  if (response.status !== 200 || parsed.errors || !parsed.data) {
    throw new Error(`${target.name}: the reference request failed with ${response.status}: ${text.slice(0, 500)}`);
  }
  return text;
}

/** A warm-up (discarded), then the measured run; `cpuSeconds` reads the server's CPU time, to give its CPU per request. */
export async function measure(target: LoadTarget, expectBody: string, cpuSeconds?: () => number): Promise<LoadFigures> {
  await fire(target, expectBody, LOAD.warmupSeconds);
  const cpuBefore = cpuSeconds?.();
  const result = await fire(target, expectBody, LOAD.measuredSeconds);
  const cpuUsed = cpuSeconds && cpuBefore !== undefined ? cpuSeconds() - cpuBefore : undefined;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ...(cpuUsed !== undefined ? { cpuUsPerRequest: (cpuUsed * 1e6) / result.requests.total } : {}),
  };
}

async function fire(target: LoadTarget, expectBody: string, seconds: number): Promise<autocannon.Result> {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: headersOf(target),
    body: bodyOf(target),
    connections: LOAD.connections,
    duration: seconds,
    expectBody,
  });
  const failed = result.errors + result.timeouts + result.non2xx + result.mismatches;
  if (failed > 0 || result.requests.total === 0) {
    throw new Error(
      `${target.name}: ${failed} of ${result.requests.total} requests failed ` +
        `(errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, wrong body ${result.mismatches})`,
    );
  }
  return result;
}

function headersOf(target: LoadTarget): Record<string, string> {
  return { 'content-type': 'application/json', ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) };
}

function bodyOf(target: LoadTarget): string {
  return JSON.stringify({ query: target.query });
}
