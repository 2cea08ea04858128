// The two ingest loads, from the bench process over HTTP:
//  - bulk: batches, through GraphQL (`recordSharingDecisions`) or as NDJSON to POST /ledger/decisions,
//    request bodies serialised before the clock starts, each client sending its next batch when the
//    previous answer has arrived;
//  - single: `recordSharingDecision`, N clients in a closed loop for a fixed time.
// Every answer is checked: a GraphQL error, an HTTP error or a batch not wholly created counts as an error.
import { gqlRaw, latencies, postRaw, type Latencies } from './common.js';
import type { DecisionFactory, Discloser } from './decisions.js';

export const RECORD_BATCH = 'mutation ($decisions: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $decisions) { created alreadyRecorded } }';
export const RECORD_ONE = 'mutation ($input: SharingDecisionInput!) { recordSharingDecision(input: $input) { id flags } }';

/** Which organisation's practitioner sends batch k: hospital and council most, the care provider every fifth. */
const BATCH_DISCLOSERS: Discloser[] = ['hospital', 'council', 'hospital', 'council', 'care'];

export interface BulkPlan {
  /** GraphQL's `recordSharingDecisions` (at most 5,000 a call), or NDJSON to POST /ledger/decisions. */
  via: 'graphql' | 'ndjson';
  batchSize: number;
  clients: number;
  decisions: number;
}

export interface BulkFigures extends BulkPlan {
  batches: number;
  created: number;
  errors: number;
  firstErrors: string[];
  wallSeconds: number;
  decisionsPerSecond: number;
  batchMs: Latencies;
  requestBytes: number;
}

export async function runBulk(
  endpoint: string,
  plan: BulkPlan,
  factory: DecisionFactory,
  tokens: Record<Discloser, string>,
  maxSeconds: number,
): Promise<BulkFigures> {
  // Serialised up front: the clock then measures the app, not this process building JSON.
  const batches: { body: string; token: string; size: number }[] = [];
  for (let k = 0; k * plan.batchSize < plan.decisions; k += 1) {
    const from = BATCH_DISCLOSERS[k % BATCH_DISCLOSERS.length];
    const decisions = Array.from({ length: Math.min(plan.batchSize, plan.decisions - k * plan.batchSize) }, () => factory.next(from));
    const body =
      plan.via === 'graphql' ? JSON.stringify({ query: RECORD_BATCH, variables: { decisions } }) : decisions.map((d) => JSON.stringify(d)).join('\n');
    batches.push({ body, token: tokens[from], size: decisions.length });
  }
  const send = plan.via === 'graphql' ? sendGraphql(endpoint) : sendNdjson(new URL('/ledger/decisions', endpoint).href);
  const requestBytes = batches.reduce((sum, b) => sum + b.body.length, 0) / batches.length;
  const times: number[] = [];
  const firstErrors: string[] = [];
  let created = 0;
  let errors = 0;
  let next = 0;
  const began = performance.now();
  const deadline = began + maxSeconds * 1000;
  const client = async () => {
    while (next < batches.length && performance.now() < deadline) {
      const batch = batches[next++];
      try {
        const answer = await send(batch.body, batch.token);
        if (answer.created !== batch.size) {
          errors += 1;
          if (firstErrors.length < 3) firstErrors.push(answer.error);
        } else {
          created += answer.created;
          times.push(answer.ms);
        }
      } catch (error) {
        errors += 1;
        if (firstErrors.length < 3) firstErrors.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: plan.clients }, client));
  const wallSeconds = (performance.now() - began) / 1000;
  return {
    ...plan,
    batches: batches.length,
    created,
    errors: errors + (batches.length - next), // batches never sent (deadline) count as failures
    firstErrors,
    wallSeconds,
    decisionsPerSecond: created / wallSeconds,
    batchMs: latencies(times),
    requestBytes,
  };
}

/** One batch sent; `created` is what the answer says was created (any error: -1, with the error). */
type SendBatch = (body: string, token: string) => Promise<{ created: number; ms: number; error: string }>;

function sendGraphql(endpoint: string): SendBatch {
  return async (body, token) => {
    const result = await gqlRaw<{ recordSharingDecisions: { created: number; alreadyRecorded: number } }>(endpoint, body, token, 120_000);
    const done = result.data?.recordSharingDecisions;
    const failed = Boolean(result.errors?.length) || !done;
    return { created: failed ? -1 : done.created, ms: result.ms, error: `HTTP ${result.status}: ${JSON.stringify(result.errors ?? done).slice(0, 400)}` };
  };
}

function sendNdjson(url: string): SendBatch {
  return async (body, token) => {
    const answer = await postRaw(url, body, 'application/x-ndjson', token, 120_000);
    let created = -1;
    try {
      created = answer.status === 200 ? (JSON.parse(answer.text) as { created: number }).created : -1;
    } catch {
      // not JSON: an error, reported below
    }
    return { created, ms: answer.ms, error: `HTTP ${answer.status}: ${answer.text.slice(0, 400)}` };
  };
}

export interface SingleFigures {
  clients: number;
  seconds: number;
  completed: number;
  errors: number;
  /** Requests with no answer within the time limit. */
  timeouts: number;
  firstErrors: string[];
  perSecond: number;
  ms: Latencies;
  flagged: number;
}

/** `clients` closed-loop clients for `seconds`, each recording one decision at a time. */
export async function runSingle(
  endpoint: string,
  clients: number,
  seconds: number,
  factory: DecisionFactory,
  tokens: Record<Discloser, string>,
  timeoutMs: number,
): Promise<SingleFigures> {
  const disclosers: Discloser[] = ['hospital', 'council', 'care'];
  const times: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let flagged = 0;
  let timeouts = 0;
  const began = performance.now();
  const deadline = began + seconds * 1000;
  const client = async (i: number) => {
    const from = disclosers[i % disclosers.length];
    while (performance.now() < deadline) {
      const body = JSON.stringify({ query: RECORD_ONE, variables: { input: factory.next(from) } });
      try {
        const result = await gqlRaw<{ recordSharingDecision: { id: string; flags: string[] } }>(endpoint, body, tokens[from], timeoutMs);
        if (result.errors?.length || !result.data?.recordSharingDecision?.id) {
          errors += 1;
          if (firstErrors.length < 3) firstErrors.push(`HTTP ${result.status}: ${JSON.stringify(result.errors).slice(0, 400)}`);
        } else {
          times.push(result.ms);
          if (result.data.recordSharingDecision.flags.length > 0) flagged += 1;
        }
      } catch (error) {
        errors += 1;
        timeouts += error instanceof Error && error.name === 'TimeoutError' ? 1 : 0;
        if (firstErrors.length < 3) firstErrors.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const wall = (performance.now() - began) / 1000;
  return { clients, seconds: wall, completed: times.length, errors, timeouts, firstErrors, perSecond: times.length / wall, ms: latencies(times), flagged };
}
