// Realistic, varied and valid SharingDecisionInput values for the seeded partnership, so the
// app's validation, flag checks and rollups do representative work. Each decision follows one of a
// few practice scenarios (routine care, explicit consent, partial, refusal, safeguarding override,
// lacks capacity, bulk statutory return, and a few that the app flags), from the caller's own
// organisation to another: mostly along a flow of an ISP, some under an ISP with no such flow,
// a few under the (draft) protocol, and many under no agreement at all.
import type { IngestPartnership } from './seed.js';

/** A small seeded PRNG (mulberry32): the same decisions on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, values: readonly T[]): T => values[Math.floor(r() * values.length)];

/** Minutes from request to decision: log-normal, median 40 minutes, a long tail into days (capped at 10 days). */
function minutesToDecide(r: Rand): number {
  const normal = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Math.min(14_400, Math.max(1, Math.round(Math.exp(Math.log(40) + 1.3 * normal))));
}

export type Discloser = 'hospital' | 'council' | 'care';

interface Route {
  to: string;
  agreementId: string | null;
  flowId: string | null;
  items: { name: string; specialCategory: boolean }[];
}

const OTHER_ITEMS = [
  { name: 'NHS number', specialCategory: false },
  { name: 'Name and address', specialCategory: false },
  { name: 'Care and support plan', specialCategory: true },
  { name: 'Safeguarding concern summary', specialCategory: true },
  { name: 'Next of kin contact details', specialCategory: false },
];

export class DecisionFactory {
  private readonly r: Rand;
  private serial = 0;

  constructor(
    private readonly p: IngestPartnership,
    private readonly runId: string,
    seed: number,
  ) {
    this.r = prng(seed);
  }

  /** Where a decision of this discloser goes, and under what. */
  private route(from: Discloser): Route {
    const r = this.r;
    const org = { hospital: this.p.hospital.id, council: this.p.council.id, care: this.p.care.id, icb: this.p.icb.id };
    const isps = [this.p.ispA, this.p.ispB];
    const flowFrom = (agreementId: string) => this.p.flows.get(agreementId)!.find((f) => f.from === org[from]);
    const isp = pick(r, isps);
    const flow = flowFrom(isp);
    // The care provider discloses along no ISP flow: its decisions are mostly under no agreement.
    const x = flow ? r() : 0.7 + r() * 0.3;
    if (flow && x < 0.7) return { to: flow.to, agreementId: isp, flowId: flow.id, items: flow.items };
    if (x < 0.74) {
      // Under an ISP, to a party with no flow from this discloser: flagged FLOW_NOT_IN_AGREEMENT.
      const to = pick(r, [org.hospital, org.council, org.care].filter((o) => o !== org[from] && o !== flow?.to));
      return { to, agreementId: isp, flowId: null, items: OTHER_ITEMS.slice(0, 2) };
    }
    if (x < 0.76) {
      // Under the protocol, which is still a draft: flagged AGREEMENT_NOT_ACTIVE.
      return { to: org.icb, agreementId: this.p.protocolId, flowId: null, items: OTHER_ITEMS.slice(0, 2) };
    }
    // Under no agreement (sharing must never wait for one).
    const to = pick(r, [org.hospital, org.council, org.care, org.icb].filter((o) => o !== org[from]));
    const first = Math.floor(r() * 3);
    return { to, agreementId: null, flowId: null, items: OTHER_ITEMS.slice(first, first + 2) };
  }

  /** One valid decision by `from`'s practitioner. */
  next(from: Discloser): Record<string, unknown> {
    const r = this.r;
    const route = this.route(from);
    const now = Date.now();
    // Under an agreement: decided since the ISPs became active (and not in the future), so the flags are the decision's own.
    // Under none: any time in the last 12 months.
    const earliest = route.agreementId ? this.p.activeSince.getTime() : now - 365 * 86_400_000;
    const decidedAt = new Date(earliest + r() * Math.max(0, now - 2000 - earliest));
    const requestedAt = new Date(decidedAt.getTime() - minutesToDecide(r) * 60_000);
    this.serial += 1;
    const base: Record<string, unknown> = {
      clientKey: `${this.runId}-${from}-${this.serial}`,
      agreementId: route.agreementId,
      flowId: route.flowId,
      requestingOrganisationId: route.to,
      disclosingOrganisationId: this.p[from].id,
      requestedAt: requestedAt.toISOString(),
      decidedAt: decidedAt.toISOString(),
      purposeType: 'INDIVIDUAL_CARE',
      outcome: 'SHARED',
      dataItemsShared: route.items.map((i) => i.name),
      dataItemsWithheld: [],
      includesSpecialCategory: route.items.some((i) => i.specialCategory),
      recordCount: 1,
      article6Basis: 'ART6_1_E_PUBLIC_TASK',
      article9Condition: route.items.some((i) => i.specialCategory) ? 'ART9_2_H_HEALTH_SOCIAL_CARE' : null,
      commonLawBasis: 'IMPLIED_CONSENT',
      consentStatus: 'IMPLIED',
      transferMethod: 'NHSMAIL',
      personInformed: true,
      caseReference: r() < 0.5 ? `CASE-${Math.floor(r() * 1e7)}` : null,
    };
    const s = r();
    if (s < 0.58) {
      // Routine care; a fifth answer the seven key questions.
      if (r() < 0.2) base.keyQuestions = { q1: 'YES', q2: 'YES', q3: 'YES', q4: 'YES', q6: 'YES', q7: 'YES' };
    } else if (s < 0.68) {
      Object.assign(base, { consentStatus: 'GIVEN', commonLawBasis: 'EXPLICIT_CONSENT' });
    } else if (s < 0.76) {
      const [shared, ...withheld] = route.items.map((i) => i.name);
      Object.assign(base, {
        outcome: 'PARTIALLY_SHARED',
        notSharedReason: pick(r, ['NOT_NECESSARY', 'NOT_PROPORTIONATE', 'THIRD_PARTY_INFORMATION']),
        dataItemsShared: [shared],
        dataItemsWithheld: withheld.length ? withheld : ['Full case file'],
        includesSpecialCategory: route.items[0].specialCategory,
        article9Condition: route.items[0].specialCategory ? 'ART9_2_H_HEALTH_SOCIAL_CARE' : null,
      });
    } else if (s < 0.86) {
      const refused = r() < 0.4;
      Object.assign(base, {
        outcome: 'NOT_SHARED',
        notSharedReason: refused ? 'CONSENT_REFUSED' : pick(r, ['RISK_OF_HARM', 'NOT_NECESSARY', 'INFORMATION_NOT_HELD', 'NO_LEGITIMATE_PURPOSE']),
        consentStatus: refused ? pick(r, ['REFUSED', 'WITHDRAWN']) : 'IMPLIED',
        dataItemsShared: [],
        dataItemsWithheld: route.items.map((i) => i.name),
        includesSpecialCategory: false,
        article9Condition: null,
        article6Basis: null,
        commonLawBasis: null,
        transferMethod: null,
        recordCount: 0,
        personInformed: r() < 0.5,
      });
      if (!base.personInformed) base.notInformedReason = 'NOT_SHARED';
    } else if (s < 0.9) {
      Object.assign(base, {
        purposeType: 'SAFEGUARDING',
        consentStatus: pick(r, ['REFUSED', 'WITHDRAWN']),
        commonLawBasis: 'PUBLIC_INTEREST',
        publicInterestOverride: true,
        overrideAuthorisedBy: 'Caldicott Guardian',
        overrideReason: 'Serious risk of harm to the person outweighs the duty of confidence',
        adviceSought: ['CALDICOTT_GUARDIAN', 'SAFEGUARDING_LEAD'],
        personInformed: false,
        notInformedReason: 'WOULD_INCREASE_RISK_OF_HARM',
      });
    } else if (s < 0.94) {
      Object.assign(base, { consentStatus: 'LACKS_CAPACITY', capacityConsentBy: pick(r, ['LASTING_POWER_OF_ATTORNEY', 'COURT_APPOINTED_DEPUTY', 'BEST_INTERESTS_DECISION']) });
    } else if (s < 0.97) {
      // A bulk statutory return by MESH: flagged METHOD_NOT_ALLOWED where the flow agreed NHSmail.
      Object.assign(base, {
        purposeType: 'STATUTORY_RETURN',
        consentStatus: 'NOT_SOUGHT_NOT_REQUIRED',
        commonLawBasis: 'LEGAL_REQUIREMENT',
        article6Basis: 'ART6_1_C_LEGAL_OBLIGATION',
        recordCount: 20 + Math.floor(r() * 5000),
        transferMethod: 'MESH',
        personInformed: false,
        notInformedReason: 'ALREADY_INFORMED_AT_OUTSET',
      });
    } else if (s < 0.985) {
      base.transferMethod = 'STANDARD_EMAIL'; // flagged METHOD_NOT_SECURE
    } else if (s < 0.993) {
      Object.assign(base, { purposeType: 'SERVICE_PLANNING' }); // implied consent outside individual care: flagged
    } else {
      Object.assign(base, { includesSpecialCategory: true, article9Condition: null }); // special category with no Art 9: flagged
    }
    return base;
  }
}
