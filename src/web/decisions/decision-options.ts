import { Injectable } from '@nestjs/common';
import { AgreementStatus } from '../../agreements/agreement.enums.js';
import type { Agreement } from '../../agreements/agreement.entity.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import type { AgreementsArgs } from '../../agreements/dto/agreements.args.js';
import type { DataFlow } from '../../agreements/content/agreement-content.model.js';
import type { Caller } from '../../common/auth/caller.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { MAX_PAGE_SIZE } from '../../common/pagination/pagination.args.js';
import { AGREEMENT_STATUSES } from '../../documents/document-labels.js';
import type { OrganisationsArgs } from '../../organisations/dto/organisations.args.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import type { DecisionDraft } from './decision-journey.js';
import type { StepDefinition, StepOptions } from './decision-steps.js';
import type { Names } from './decision-view.js';
import { routineFlowsOf, type RoutineFlow } from './routine-share.js';

/** At most this many pages of a list are read for a page's choices. */
const MAX_PAGES = 20;

/**
 * What the decision pages offer a caller, read through the same services as the GraphQL API:
 * the agreements their organisation is involved in (AgreementsService.list scopes them), the
 * organisations that may have asked, and the data items of the chosen agreement's flows.
 */
@Injectable()
export class DecisionOptions {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
  ) {}

  async forStep(caller: Caller, step: StepDefinition, draft: DecisionDraft): Promise<StepOptions> {
    const options: StepOptions = { now: this.clock.now(), agreements: [], agreement: null, parties: [], others: [], dataItems: [] };
    if (step.needs.agreements) options.agreements = await this.involvedAgreements(caller);
    const chosen = draft.details.agreementId && (step.needs.organisations || step.needs.dataItems) ? await this.agreementOf(caller, draft.details.agreementId) : null;
    if (chosen) options.agreement = { id: chosen.agreement.id, reference: chosen.agreement.reference, title: chosen.agreement.title };
    if (step.needs.organisations) {
      const everyone = (await this.allOrganisations()).filter((o) => o.id !== caller.organisationId);
      const partyIds = new Set(chosen?.partyIds ?? []);
      options.parties = everyone.filter((o) => partyIds.has(o.id));
      options.others = everyone.filter((o) => !partyIds.has(o.id));
    }
    if (step.needs.dataItems && chosen) options.dataItems = dataItemsOf(chosen.flows, caller.organisationId, draft.details.requestingOrganisationId);
    return options;
  }

  /** The agreements the caller's organisation is involved in and that have been submitted, those in force first. */
  async involvedAgreements(caller: Caller): Promise<StepOptions['agreements']> {
    const found: Agreement[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const connection = await this.agreements.list(caller, { first: MAX_PAGE_SIZE, after } as AgreementsArgs);
      found.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    return found
      .filter((a) => a.status !== AgreementStatus.DRAFT)
      .sort((a, b) => Number(b.status === AgreementStatus.ACTIVE) - Number(a.status === AgreementStatus.ACTIVE) || a.reference.localeCompare(b.reference))
      .map((a) => ({ id: a.id, reference: a.reference, title: a.title, status: AGREEMENT_STATUSES[a.status] ?? a.status }));
  }

  /** An agreement the caller may read, with the parties and data flows of its version in force (or its latest). */
  private async agreementOf(caller: Caller, id: string): Promise<{ agreement: Agreement; partyIds: string[]; flows: DataFlow[] } | null> {
    let agreement: Agreement;
    try {
      agreement = await this.agreements.get(caller, id);
    } catch (error) {
      if (error instanceof DomainError) return null; // gone, or no longer theirs: the service refuses it on submission
      throw error;
    }
    const [versions] = await this.agreements.versionsOf([id]);
    const version = AgreementsService.inForce(versions) ?? versions[0] ?? null;
    if (!version) return { agreement, partyIds: [], flows: agreement.draftContent?.dataFlows ?? [] };
    return { agreement, partyIds: version.frozen.parties.map((p) => p.organisationId), flows: version.frozen.content.dataFlows ?? [] };
  }

  private async allOrganisations(): Promise<{ id: string; name: string }[]> {
    const found: { id: string; name: string }[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const connection = await this.organisations.list({ first: MAX_PAGE_SIZE, after } as OrganisationsArgs, { partnersOnly: true });
      found.push(...connection.edges.map((e) => ({ id: e.node.id, name: e.node.name })));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    return found;
  }

  /** For the short route: each flow from the caller's organisation under an agreement in force for individual care. */
  async routineFlows(caller: Caller): Promise<RoutineFlow[]> {
    const active = (await this.involvedAgreements(caller)).filter((a) => a.status === AGREEMENT_STATUSES[AgreementStatus.ACTIVE]);
    if (active.length === 0) return [];
    const versions = await this.agreements.versionsOf(active.map((a) => a.id));
    return active.flatMap((agreement, i) => {
      const inForce = AgreementsService.inForce(versions[i]);
      return inForce ? routineFlowsOf(agreement, inForce.frozen, caller.organisationId) : [];
    });
  }

  /** Names for the agreements and organisations a draft or the caller's decisions refer to. */
  async names(agreementIds: (string | null | undefined)[], organisationIds: (string | null | undefined)[]): Promise<Names> {
    const ids = (list: (string | null | undefined)[]) => [...new Set(list.filter((id): id is string => Boolean(id)))];
    const [agreements, organisations] = await Promise.all([this.agreements.byIds(ids(agreementIds)), this.organisations.byIds(ids(organisationIds))]);
    const agreementNames = new Map(agreements.flatMap((a) => (a ? [[a.id, `${a.reference}: ${a.title}`] as const] : [])));
    const organisationNames = new Map(organisations.flatMap((o) => (o ? [[o.id, o.name] as const] : [])));
    return {
      agreement: (id) => agreementNames.get(id) ?? 'An agreement no longer found',
      organisation: (id) => organisationNames.get(id) ?? 'An organisation no longer found',
    };
  }
}

/**
 * The data items a practitioner of `from` may pick: those of the flows from their organisation to
 * the one that asked, else of any flow from their organisation. Each name once; special category
 * if any flow marks it so.
 */
export function dataItemsOf(flows: DataFlow[], from: string, to: string | undefined): StepOptions['dataItems'] {
  const mine = flows.filter((f) => f.fromOrganisationId === from);
  const between = mine.filter((f) => f.toOrganisationId === to);
  const items = new Map<string, { name: string; specialCategory: boolean }>();
  for (const item of (between.length ? between : mine).flatMap((f) => f.dataItems)) {
    const key = item.name.trim().toLowerCase();
    const known = items.get(key);
    items.set(key, { name: known?.name ?? item.name.trim(), specialCategory: (known?.specialCategory ?? false) || item.specialCategory });
  }
  return [...items.values()];
}
