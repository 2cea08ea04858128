// Timed requests against the running app: `concurrency` closed-loop clients until `count` answers
// (or a time cap). GraphQL queries: each chosen by `next()` (a random agreement and window, say),
// every answer a 200 with data and no errors, checked by `check`. Pages: a GET with the session
// cookie of a browser signed in through the sign-in form, every answer a 200 checked by `check`.
import { Agent, request as httpRequest } from 'node:http';
import { gqlRaw, latencies, type Latencies } from '../ingest/common.js';

export interface QueryRequest {
  query: string;
  variables: Record<string, unknown>;
  token: string;
}

export interface QueryFigures {
  name: string;
  concurrency: number;
  requested: number;
  completed: number;
  errors: number;
  firstErrors: string[];
  seconds: number;
  perSecond: number;
  ms: Latencies;
  stoppedByDeadline: boolean;
}

export interface PageRequest {
  path: string;
  /** The Cookie header of the signed-in browser. */
  cookie: string;
  accept: string;
}

/** The outcome of one request: its time, or what was wrong with its answer. */
type Attempt = { ms: number; problem: string | null };

export async function timeQueries(
  endpoint: string,
  name: string,
  concurrency: number,
  count: number,
  maxSeconds: number,
  next: () => QueryRequest,
  check: (data: any, request: QueryRequest) => string | null,
): Promise<QueryFigures> {
  return timeRequests(name, concurrency, count, maxSeconds, async () => {
    const request = next();
    const body = JSON.stringify({ query: request.query, variables: request.variables });
    const result = await gqlRaw(endpoint, body, request.token, 30_000);
    const problem = result.errors?.length || !result.data ? `HTTP ${result.status}: ${JSON.stringify(result.errors).slice(0, 300)}` : check(result.data, request);
    return { ms: result.ms, problem };
  });
}

export async function timePages(
  baseUrl: string,
  name: string,
  concurrency: number,
  count: number,
  maxSeconds: number,
  next: () => PageRequest,
  check: (status: number, contentType: string, text: string) => string | null,
): Promise<QueryFigures> {
  return timeRequests(name, concurrency, count, maxSeconds, async () => {
    const request = next();
    const answer = await getRaw(`${baseUrl}${request.path}`, request.cookie, request.accept, 30_000);
    return { ms: answer.ms, problem: check(answer.status, answer.contentType, answer.text) };
  });
}

async function timeRequests(name: string, concurrency: number, count: number, maxSeconds: number, attempt: () => Promise<Attempt>): Promise<QueryFigures> {
  const times: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let started = 0;
  let stoppedByDeadline = false;
  const began = performance.now();
  const deadline = began + maxSeconds * 1000;
  const client = async () => {
    while (started < count) {
      if (performance.now() > deadline) {
        stoppedByDeadline = true;
        return;
      }
      started += 1;
      try {
        const { ms, problem } = await attempt();
        if (problem) {
          errors += 1;
          if (firstErrors.length < 3) firstErrors.push(problem);
        } else {
          times.push(ms);
        }
      } catch (error) {
        errors += 1;
        if (firstErrors.length < 3) firstErrors.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - began) / 1000;
  return {
    name,
    concurrency,
    requested: count,
    completed: times.length + errors,
    errors,
    firstErrors,
    seconds,
    perSecond: times.length / seconds,
    ms: latencies(times),
    stoppedByDeadline,
  };
}

/** Kept-alive connections, as a browser keeps them; node:http for the reason gqlRaw gives (less client CPU than fetch). */
const PAGE_AGENT = new Agent({ keepAlive: true });

type PageAnswer = { status: number; contentType: string; text: string; ms: number };

/**
 * A GET until the whole answer has arrived; redirects are not followed (a sign-in redirect is a
 * failure). Sent again, once, when the server had closed the kept-alive connection (as postRaw does).
 */
async function getRaw(url: string, cookie: string, accept: string, timeoutMs: number): Promise<PageAnswer> {
  try {
    return await getOnce(url, cookie, accept, timeoutMs);
  } catch (error) {
    if ((error as { reusedSocketClosed?: boolean }).reusedSocketClosed) return getOnce(url, cookie, accept, timeoutMs);
    throw error;
  }
}

function getOnce(url: string, cookie: string, accept: string, timeoutMs: number): Promise<PageAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'GET', agent: PAGE_AGENT, headers: { cookie, accept } });
    const timer = setTimeout(() => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
    request.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(Object.assign(error, { reusedSocketClosed: request.reusedSocket && error.code === 'ECONNRESET' }));
    });
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started });
      });
    });
    request.end();
  });
}
