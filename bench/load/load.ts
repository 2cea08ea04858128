// The mixed load: closed-loop clients of five groups, all at once against one app, each sending its
// next request when the previous answer has arrived (signatories pause between signatures). Every
// answer is checked (GraphQL data and no errors, the whole batch created, a whole PDF, the stored PDF
// byte for byte, a 200 HTML page showing what it should); anything else is an error. Requests that
// start in the measured window count in the figures; errors count wherever they happen.
import { gqlRaw, latencies, type Latencies } from '../ingest/common.js';
import type { DecisionFactory, Discloser } from '../ingest/decisions.js';
import { RECORD_BATCH, RECORD_ONE } from '../ingest/load.js';
import { download, notAPdf } from '../pdf/load.js';
import { notThePage, Visitor } from './browser.js';
import { KINDS, PLAN, READ_WEIGHTS, type Kind, type ReadKind } from './plan.js';
import type { LoadData, ToSign } from './seed.js';

export const SIGN = 'mutation ($input: SignAgreementInput!) { signAgreement(input: $input) { number status agreement { id status } } }';

const METRICS = `query ($agreementId: ID, $partnershipId: ID, $from: String!, $to: String!) {
  sharingMetrics(agreementId: $agreementId, partnershipId: $partnershipId, fromMonth: $from, toMonth: $to) {
    scope scopeName decisions shared partiallyShared notShared recordsShared recordsPartiallyShared recordsNotShared
    outsideAnyAgreement { decisions shared partiallyShared notShared }
    byMonth { month decisions shared partiallyShared notShared }
    byFlow { fromOrganisationName toOrganisationName decisions shared partiallyShared notShared }
    byDataItem { value decisions } byWithheldItem { value decisions } specialCategoryShare
    byArticle6Basis { value decisions } byCommonLawBasis { value decisions } byConsentStatus { value decisions }
    consentRefused consentRefusedOverridden byTransferMethod { value decisions } approvedMethodPercentage
    flagsByKind { value decisions } flaggedDecisions
    incidents { total breaches nearMisses icoReportable icoDeadlinesMissed open }
    medianMinutesToDecision p90MinutesToDecision
  } }`;
const HEALTH = `query ($p: ID!) { agreementHealth(partnershipId: $p) {
  asOf status reasons activeAgreements awaitingSignatures signatureCompleteness reviewsOverdue reviewsDueWithin30Days reviewsDueWithin90Days
  partiesBelowDsptMet { name dsptStatus } accreditationsExpiringWithin90Days { name }
  agreements { reference status nextReviewDate daysToReview } } }`;
const AGREEMENTS = `{ agreements(first: 20) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id reference kind title status displayStatus leadOrganisation { name } review { status nextReviewDate } } } } }`;
const DECISIONS = `{ sharingDecisions(first: 20) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id clientKey decidedAt outcome purposeType flags agreementId requestingOrganisationId } } } }`;
// The directory an IG lead looks through for parties (role holders are visible to members and partners only).
const ORGANISATIONS = `{ organisations(first: 20) { totalCount
  edges { node { id name sector odsCode icoRegistrationNumber dsptStatus dsptStatusDate secureEmailMethod readiness { ready reasons { code } } } } } }`;

// ---- recording ------------------------------------------------------------------------------

/**
 * An answer right in itself but not from one snapshot: two of its parts were read by separate
 * statements (or on separate connections) while decisions were being committed, so they differ by
 * about the writes in between. Counted and reported apart from errors (see the report).
 */
export class Skew {
  constructor(readonly message: string) {}
}

/** How far two parts of an answer may drift apart under the load's writes and still be skew: every decision client's bulk in between. */
const SKEW_TOLERANCE = PLAN.clients.decisions * PLAN.bulkSize;

export interface Figures {
  /** Answered correctly and started in the measured window. */
  requests: number;
  perSecond: number;
  ms: Latencies;
  /** Median of the requests started in the first and in the last fifth of the window: what the data growing under the load does to it. */
  p50FirstFifth: number;
  p50LastFifth: number;
  /** Errors of requests started in the measured window; and in the warm-up. */
  errors: number;
  warmupErrors: number;
  /** Answers (measured window and warm-up) whose parts came from different snapshots: see Skew. */
  skewed: number;
}

export type KindFigures = Figures & { kind: Kind };

export class Recorder {
  /** Per kind, each measured request's latency and when it started. */
  private readonly times = new Map<Kind, { at: number; ms: number }[]>();
  private readonly measuredErrors = new Map<Kind, number>();
  private readonly warmErrors = new Map<Kind, number>();
  /** The first few errors of each kind, in the order they happened. */
  readonly firstErrors: string[] = [];
  private readonly errorsShown = new Map<Kind, number>();
  private readonly skews = new Map<Kind, number>();
  readonly skewExamples: string[] = [];
  windowStart = Infinity;
  windowEnd = Infinity;

  /** Times `send`, which resolves to null when the answer is right or to what is wrong with it. */
  async time(kind: Kind, send: () => Promise<string | Skew | null>): Promise<boolean> {
    const started = performance.now();
    let problem: string | Skew | null;
    try {
      problem = await send();
    } catch (error) {
      problem = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${PLAN.requestTimeoutMs / 1000} s` : String(error);
    }
    const ms = performance.now() - started;
    const measured = started >= this.windowStart && started < this.windowEnd;
    if (problem instanceof Skew) {
      const skews = (this.skews.get(kind) ?? 0) + 1;
      this.skews.set(kind, skews);
      if (skews <= 2) this.skewExamples.push(`${kind}: ${problem.message}`);
      problem = null; // answered, and counted in the figures
    }
    if (problem !== null) {
      const counts = measured || started >= this.windowEnd ? this.measuredErrors : this.warmErrors;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const shown = this.errorsShown.get(kind) ?? 0;
      if (shown < 3) {
        this.errorsShown.set(kind, shown + 1);
        this.firstErrors.push(`${kind}: ${problem.slice(0, 500)}`);
      }
      return false;
    }
    if (measured) {
      const list = this.times.get(kind) ?? [];
      list.push({ at: started, ms });
      this.times.set(kind, list);
    }
    return true;
  }

  figures(): { kinds: KindFigures[]; overall: Figures } {
    const seconds = (this.windowEnd - this.windowStart) / 1000;
    const fifth = (this.windowEnd - this.windowStart) / 5;
    const kinds = KINDS.map((kind) => {
      const samples = this.times.get(kind) ?? [];
      const values = samples.map((t) => t.ms);
      return {
        kind,
        requests: values.length,
        perSecond: values.length / seconds,
        ms: latencies(values),
        p50FirstFifth: latencies(samples.filter((t) => t.at < this.windowStart + fifth).map((t) => t.ms)).p50,
        p50LastFifth: latencies(samples.filter((t) => t.at >= this.windowEnd - fifth).map((t) => t.ms)).p50,
        errors: this.measuredErrors.get(kind) ?? 0,
        warmupErrors: this.warmErrors.get(kind) ?? 0,
        skewed: this.skews.get(kind) ?? 0,
      };
    });
    const all = KINDS.flatMap((kind) => this.times.get(kind) ?? []);
    const allMs = all.map((t) => t.ms);
    const sum = (pick: (k: KindFigures) => number) => kinds.reduce((total, k) => total + pick(k), 0);
    return {
      kinds,
      overall: {
        requests: all.length,
        perSecond: all.length / seconds,
        ms: latencies(allMs),
        p50FirstFifth: latencies(all.filter((t) => t.at < this.windowStart + fifth).map((t) => t.ms)).p50,
        p50LastFifth: latencies(all.filter((t) => t.at >= this.windowEnd - fifth).map((t) => t.ms)).p50,
        errors: sum((k) => k.errors),
        warmupErrors: sum((k) => k.warmupErrors),
        skewed: sum((k) => k.skewed),
      },
    };
  }
}

// ---- what the clients did, for the checks afterwards ------------------------------------------

export interface Tallies {
  /** Decisions the app acknowledged (single, and `created` of bulks), warm-up included. */
  decisionsAcknowledged: number;
  /** Decisions in requests that failed: recorded or not, the bench cannot know. */
  decisionsUncertain: number;
  singles: number;
  bulks: number;
  /** Per agreement, the organisations whose signature the app acknowledged. */
  signedBy: Map<string, Set<string>>;
  /** Agreements a signAgreement answer said were ACTIVE after it. */
  activatedByAnswer: Set<string>;
  /** Signatories that found no agreement left to sign before the end. */
  signersOutOfWork: number;
  sessions: number;
  draftPdfBytes: { min: number; max: number };
}

// ---- the clients ------------------------------------------------------------------------------

export interface LoadContext {
  baseUrl: string;
  data: LoadData;
  factory: DecisionFactory;
  /** Version 1 PDFs of the two signed ISPs, as first downloaded (stored then): every later download must equal them. */
  storedPdfs: { url: string; body: Buffer }[];
  password: string;
  recorder: Recorder;
  tallies: Tallies;
  /** performance.now() after which no client starts a new request. */
  stopAt: number;
  random: () => number;
}

const pickWeighted = <K extends string>(random: () => number, weights: Record<K, number>): K => {
  const entries = Object.entries(weights) as [K, number][];
  let x = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, weight] of entries) {
    x -= weight;
    if (x < 0) return key;
  }
  return entries[entries.length - 1][0];
};

const monthsBack = (months: number) => {
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  return { from: from.toISOString().slice(0, 7), to: now.toISOString().slice(0, 7) };
};

/** What is wrong with a sharingMetrics answer: no decisions, months outside the window or out of order, or totals that do not add up. */
function metricsProblem(
  m: { decisions: number; shared: number; partiallyShared: number; notShared: number; byMonth: { month: string; decisions: number }[] },
  window: { from: string; to: string },
): string | null {
  if (m.decisions <= 0) return `${m.decisions} decisions`;
  if (m.shared + m.partiallyShared + m.notShared !== m.decisions) return `outcomes ${m.shared} + ${m.partiallyShared} + ${m.notShared} do not add up to ${m.decisions}`;
  const months = m.byMonth.map((b) => b.month);
  if (months.some((month, i) => month < window.from || month > window.to || (i > 0 && month <= months[i - 1]))) return `byMonth months ${months.join(', ')} not in ${window.from}..${window.to} in order`;
  // byMonth and the totals come from one statement (MetricsQueries.figures), so one snapshot: any difference is wrong.
  const sum = m.byMonth.reduce((n, b) => n + b.decisions, 0);
  return sum === m.decisions ? null : `byMonth adds up to ${sum}, the total is ${m.decisions}`;
}

/** A first page of 20 against its totalCount, which paginate() counts in a statement before reading the page. */
function pageProblem(connection: { totalCount: number; edges: unknown[] }, atLeast: number): string | Skew | null {
  const { totalCount, edges } = connection;
  if (totalCount < atLeast) return `totalCount ${totalCount}, expected at least ${atLeast}`;
  if (edges.length === Math.min(20, totalCount)) return null;
  const message = `${edges.length} on the first page, totalCount ${totalCount}`;
  return edges.length > totalCount && edges.length - totalCount <= SKEW_TOLERANCE ? new Skew(message) : message;
}

/** A GraphQL call whose answer must have data, no errors, and pass `check`. */
async function graphqlCheck<T>(
  endpoint: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  token: string,
  check: (data: T) => string | Skew | null,
): Promise<string | Skew | null> {
  const result = await gqlRaw<T>(endpoint, JSON.stringify({ query, variables }), token, PLAN.requestTimeoutMs);
  if (result.errors?.length || !result.data) return `HTTP ${result.status}: ${JSON.stringify(result.errors ?? null).slice(0, 400)}`;
  return check(result.data);
}

async function readClient(ctx: LoadContext): Promise<void> {
  const endpoint = `${ctx.baseUrl}/graphql`;
  const p = ctx.data.partnership;
  const requests: Record<ReadKind, () => Promise<string | Skew | null>> = {
    'sharingMetrics (agreement)': () => {
      const window = monthsBack(12);
      return graphqlCheck<any>(endpoint, METRICS, { agreementId: ctx.random() < 0.5 ? p.ispA : p.ispB, ...window }, p.commissioner.token, (d) => metricsProblem(d.sharingMetrics, window));
    },
    'sharingMetrics (partnership)': () => {
      const window = monthsBack(24);
      return graphqlCheck<any>(endpoint, METRICS, { partnershipId: p.protocolId, ...window }, p.commissioner.token, (d) => metricsProblem(d.sharingMetrics, window));
    },
    agreementHealth: () =>
      graphqlCheck<any>(endpoint, HEALTH, { p: p.protocolId }, p.commissioner.token, (d) => (d.agreementHealth.agreements.length >= 3 ? null : `${d.agreementHealth.agreements.length} agreements`)),
    agreements: () => graphqlCheck<any>(endpoint, AGREEMENTS, undefined, p.hospital.igLead.token, (d) => pageProblem(d.agreements, ctx.data.toSign.length)),
    sharingDecisions: () => graphqlCheck<any>(endpoint, DECISIONS, undefined, p.hospital.practitioner.token, (d) => pageProblem(d.sharingDecisions, 1)),
    organisations: () => graphqlCheck<any>(endpoint, ORGANISATIONS, undefined, p.council.igLead.token, (d) => pageProblem(d.organisations, 6)),
  };
  while (performance.now() < ctx.stopAt) {
    const kind = pickWeighted(ctx.random, READ_WEIGHTS);
    await ctx.recorder.time(kind, requests[kind]);
  }
}

async function decisionClient(ctx: LoadContext, from: Discloser): Promise<void> {
  const endpoint = `${ctx.baseUrl}/graphql`;
  const token = ctx.data.partnership[from].practitioner.token;
  const t = ctx.tallies;
  for (let n = 1; performance.now() < ctx.stopAt; n += 1) {
    if (n % PLAN.bulkEvery === 0) {
      const decisions = Array.from({ length: PLAN.bulkSize }, () => ctx.factory.next(from));
      const body = JSON.stringify({ query: RECORD_BATCH, variables: { decisions } });
      let acknowledged = false;
      await ctx.recorder.time('recordSharingDecisions (bulk of 100)', async () => {
        const result = await gqlRaw<{ recordSharingDecisions: { created: number; alreadyRecorded: number } }>(endpoint, body, token, PLAN.requestTimeoutMs);
        const done = result.data?.recordSharingDecisions;
        if (result.errors?.length || !done) return `HTTP ${result.status}: ${JSON.stringify(result.errors ?? null).slice(0, 400)}`;
        t.decisionsAcknowledged += done.created;
        acknowledged = true;
        return done.created === PLAN.bulkSize ? null : `created ${done.created} of ${PLAN.bulkSize} (already recorded ${done.alreadyRecorded})`;
      });
      t.bulks += 1;
      if (!acknowledged) t.decisionsUncertain += PLAN.bulkSize;
    } else {
      const body = JSON.stringify({ query: RECORD_ONE, variables: { input: ctx.factory.next(from) } });
      let acknowledged = false;
      await ctx.recorder.time('recordSharingDecision', async () => {
        const result = await gqlRaw<{ recordSharingDecision: { id: string; flags: string[] } }>(endpoint, body, token, PLAN.requestTimeoutMs);
        if (result.errors?.length || !result.data?.recordSharingDecision?.id) return `HTTP ${result.status}: ${JSON.stringify(result.errors ?? null).slice(0, 400)}`;
        t.decisionsAcknowledged += 1;
        acknowledged = true;
        return null;
      });
      t.singles += 1;
      if (!acknowledged) t.decisionsUncertain += 1;
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A party's signatory works down the list (the in-tray's order), reading each version before signing it. */
async function signerClient(ctx: LoadContext, party: Discloser): Promise<void> {
  const endpoint = `${ctx.baseUrl}/graphql`;
  const { signatory, id: organisationId } = ctx.data.partnership[party];
  const list: ToSign[] = ctx.data.toSign;
  let i = 0;
  for (; i < list.length; i += 1) {
    const pause = PLAN.signPauseMs.min + ctx.random() * (PLAN.signPauseMs.max - PLAN.signPauseMs.min);
    await sleep(Math.max(0, Math.min(pause, ctx.stopAt - performance.now())));
    if (performance.now() >= ctx.stopAt) break;
    const v = list[i];
    await ctx.recorder.time('signAgreement', async () => {
      const result = await gqlRaw<{ signAgreement: { number: number; status: string; agreement: { id: string; status: string } } }>(
        endpoint,
        JSON.stringify({ query: SIGN, variables: { input: { agreementId: v.agreementId, versionNumber: v.versionNumber, contentHash: v.contentHash } } }),
        signatory.token,
        PLAN.requestTimeoutMs,
      );
      const signed = result.data?.signAgreement;
      if (result.errors?.length || !signed) return `HTTP ${result.status}: ${JSON.stringify(result.errors ?? null).slice(0, 400)}`;
      const by = ctx.tallies.signedBy.get(v.agreementId) ?? new Set<string>();
      by.add(organisationId);
      ctx.tallies.signedBy.set(v.agreementId, by);
      if (signed.agreement.status === 'ACTIVE') ctx.tallies.activatedByAnswer.add(v.agreementId);
      const expected = signed.status === 'ACTIVE' ? 'ACTIVE' : 'AWAITING_SIGNATURES';
      return signed.agreement.status === expected ? null : `version ${signed.status} but agreement ${signed.agreement.status}`;
    });
  }
  if (i === list.length) ctx.tallies.signersOutOfWork += 1;
}

async function pdfClient(ctx: LoadContext): Promise<void> {
  const token = ctx.data.partnership.hospital.igLead.token;
  const draftUrl = `${ctx.baseUrl}/documents/agreements/${ctx.data.draftId}/draft.pdf`;
  const sizes = ctx.tallies.draftPdfBytes;
  for (let n = 1; performance.now() < ctx.stopAt; n += 1) {
    if (n % PLAN.draftPdfEvery === 0) {
      await ctx.recorder.time('GET draft PDF (fresh render)', async () => {
        const result = await download(draftUrl, token);
        const invalid = notAPdf(result);
        if (!invalid) {
          sizes.min = Math.min(sizes.min, result.body.length);
          sizes.max = Math.max(sizes.max, result.body.length);
        }
        return invalid;
      });
    } else {
      const stored = ctx.storedPdfs[n % ctx.storedPdfs.length];
      await ctx.recorder.time('GET version PDF (stored)', async () => {
        const result = await download(stored.url, token);
        return notAPdf(result) ?? (result.body.equals(stored.body) ? null : `not the stored PDF: ${result.body.length} bytes, not ${stored.body.length}`);
      });
    }
  }
}

interface Role {
  name: string;
  email: string;
  weight: number;
  pages: { kind: Kind; path: string; marker: string }[];
}

/** Who signs in, how often, and the pages each looks at (each must show its marker). */
export function roles(data: LoadData): Role[] {
  const p = data.partnership;
  return [
    { name: 'commissioner', email: p.commissioner.email, weight: 30, pages: [{ kind: 'page /dashboard', path: '/dashboard', marker: 'Northshire information sharing protocol' }] },
    {
      name: 'practitioner',
      email: p.hospital.practitioner.email,
      weight: 25,
      pages: [
        { kind: 'page /decisions', path: '/decisions', marker: 'decisions recorded' },
        { kind: 'page /decisions/new', path: '/decisions/new', marker: 'action="/decisions/new"' },
      ],
    },
    {
      name: 'IG lead',
      email: p.hospital.igLead.email,
      weight: 20,
      pages: [
        { kind: 'page /agreements', path: '/agreements', marker: 'Discharge ISP' },
        { kind: 'page /agreements/:id', path: `/agreements/${p.ispA}`, marker: 'Discharge ISP' },
      ],
    },
    {
      name: 'signatory',
      email: p.council.signatory.email,
      weight: 15,
      pages: [
        { kind: 'page /in-tray', path: '/in-tray', marker: 'Northshire County Council' },
        { kind: 'page /in-tray/:id/versions/:n', path: `/in-tray/${p.ispA}/versions/1`, marker: 'Discharge ISP' },
      ],
    },
    { name: 'organisation admin', email: data.orgAdmin.email, weight: 10, pages: [{ kind: 'page /organisation', path: '/organisation', marker: 'Brightwater Home Care Ltd' }] },
  ];
}

/** A browser: signs in as one of the roles, looks at a few of its pages, signs out; again until the end. */
async function pageClient(ctx: LoadContext): Promise<void> {
  const all = roles(ctx.data);
  const weights = Object.fromEntries(all.map((r) => [r.name, r.weight]));
  while (performance.now() < ctx.stopAt) {
    const name = pickWeighted(ctx.random, weights);
    const role = all.find((r) => r.name === name)!;
    const visitor = new Visitor(ctx.baseUrl, PLAN.requestTimeoutMs);
    ctx.tallies.sessions += 1;
    const signedIn = await ctx.recorder.time('sign-in (GET form + POST)', async () => {
      await visitor.signIn(role.email, ctx.password);
      return null;
    });
    if (!signedIn) continue;
    // At least one page, whose header's sign-out form carries the session's CSRF token.
    for (let n = 0; n < PLAN.pagesPerSession && (n === 0 || performance.now() < ctx.stopAt); n += 1) {
      const page = role.pages[Math.floor(ctx.random() * role.pages.length)];
      await ctx.recorder.time(page.kind, async () => notThePage(await visitor.get(page.path), page.marker));
    }
    await ctx.recorder.time('sign-out (POST)', async () => {
      await visitor.signOut();
      return null;
    });
  }
}

/** Runs every client until `ctx.stopAt`; resolves when the last has had its last answer. */
export async function runMix(ctx: LoadContext): Promise<void> {
  const c = PLAN.clients;
  const disclosers: Discloser[] = ['hospital', 'council', 'care'];
  await Promise.all([
    ...Array.from({ length: c.reads }, () => readClient(ctx)),
    ...Array.from({ length: c.decisions }, (_, i) => decisionClient(ctx, disclosers[i % 3])),
    ...Array.from({ length: c.signers }, (_, i) => signerClient(ctx, disclosers[i % 3])),
    ...Array.from({ length: c.pdfs }, () => pdfClient(ctx)),
    ...Array.from({ length: c.pages }, () => pageClient(ctx)),
  ]);
}
