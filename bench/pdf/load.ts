// Closed-loop load from the bench process: one loop per client, each sending its next GET as
// soon as the previous response has been read in full (and its `before` step, when it has one,
// is done), until `count` responses (or a deadline). Only the GET is timed. Every response must
// be a 200 whose body is a whole PDF, or it is counted as an error.

const REQUEST_TIMEOUT_MS = 60_000;

export interface Download {
  status: number;
  body: Buffer;
  ms: number;
}

export async function download(url: string, token: string): Promise<Download> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, body, ms: performance.now() - started };
}

/** Why a response is not a whole PDF, or null if it is one. */
export function notAPdf(result: Download): string | null {
  if (result.status !== 200) return `HTTP ${result.status}: ${result.body.subarray(0, 300).toString()}`;
  if (result.body.subarray(0, 5).toString('latin1') !== '%PDF-') return `the body does not start with %PDF- (${result.body.length} bytes)`;
  if (!result.body.subarray(-1024).toString('latin1').includes('%%EOF')) return `the body has no %%EOF trailer (${result.body.length} bytes)`;
  return null;
}

export interface LoadClient {
  url: string;
  token: string;
  /** Run before each of this client's GETs, untimed (e.g. an edit making a new draft revision). */
  before?(): Promise<void>;
}

export interface RunOptions {
  clients: LoadClient[];
  count: number;
  /** Stop starting requests after this long, so the bench stays bounded whatever the speed. */
  maxSeconds: number;
  /** When given, every body must be byte-equal to it (a stored document). */
  expectBody?: Buffer;
  /** Called after every response, with how many have completed. */
  onResponse?(completed: number, result: Download): void;
}

export interface RunFigures {
  concurrency: number;
  requested: number;
  completed: number;
  errors: number;
  firstErrors: string[];
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Sizes of the PDFs returned (a draft's PDF carries its render time, so the bytes differ each time). */
  minBytes: number;
  maxBytes: number;
  stoppedByDeadline: boolean;
  /** The clients' `before` steps, when they have them. */
  beforeP50Ms: number | null;
}

export async function run(options: RunOptions): Promise<RunFigures> {
  const latencies: number[] = [];
  const befores: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let started = 0;
  let completed = 0;
  let minBytes = Infinity;
  let maxBytes = 0;
  let stoppedByDeadline = false;
  const begin = performance.now();
  const deadline = begin + options.maxSeconds * 1000;

  const client = async ({ url, token, before }: LoadClient) => {
    while (started < options.count) {
      if (performance.now() > deadline) {
        stoppedByDeadline = true;
        return;
      }
      started += 1;
      let result: Download;
      try {
        if (before) {
          const beforeStarted = performance.now();
          await before();
          befores.push(performance.now() - beforeStarted);
        }
        result = await download(url, token);
      } catch (error) {
        result = { status: 0, body: Buffer.from(String(error)), ms: NaN };
      }
      completed += 1;
      let problem = result.status === 0 ? `request failed: ${result.body.toString()}` : notAPdf(result);
      if (!problem && options.expectBody && !result.body.equals(options.expectBody)) {
        problem = `the body differs from the stored document (${result.body.length} bytes, expected ${options.expectBody.length})`;
      }
      if (problem) {
        errors += 1;
        if (firstErrors.length < 5) firstErrors.push(problem);
      } else {
        latencies.push(result.ms);
        minBytes = Math.min(minBytes, result.body.length);
        maxBytes = Math.max(maxBytes, result.body.length);
      }
      options.onResponse?.(completed, result);
    }
  };
  await Promise.all(options.clients.map(client));
  const seconds = (performance.now() - begin) / 1000;

  latencies.sort((a, b) => a - b);
  befores.sort((a, b) => a - b);
  return {
    concurrency: options.clients.length,
    requested: options.count,
    completed,
    errors,
    firstErrors,
    seconds,
    perSecond: (completed - errors) / seconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? NaN,
    minBytes: Number.isFinite(minBytes) ? minBytes : 0,
    maxBytes,
    stoppedByDeadline,
    beforeP50Ms: befores.length > 0 ? percentile(befores, 50) : null,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
