// Timed GraphQL queries against the running app: `concurrency` closed-loop clients until `count`
// answers (or a time cap). Each request is chosen by `next()` (a random agreement and window, say);
// every answer must be a 200 with data and no errors, checked by `check`.
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

export async function timeQueries(
  endpoint: string,
  name: string,
  concurrency: number,
  count: number,
  maxSeconds: number,
  next: () => QueryRequest,
  check: (data: any, request: QueryRequest) => string | null,
): Promise<QueryFigures> {
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
      const request = next();
      const body = JSON.stringify({ query: request.query, variables: request.variables });
      try {
        const result = await gqlRaw(endpoint, body, request.token, 30_000);
        const problem = result.errors?.length || !result.data ? `HTTP ${result.status}: ${JSON.stringify(result.errors).slice(0, 300)}` : check(result.data, request);
        if (problem) {
          errors += 1;
          if (firstErrors.length < 3) firstErrors.push(problem);
        } else {
          times.push(result.ms);
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
