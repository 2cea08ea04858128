import { Injectable } from '@nestjs/common';
import type { DataFlow } from '../../agreements/content/agreement-content.model.js';
import type { Agreement } from '../../agreements/agreement.entity.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { Clock } from '../../common/clock/clock.js';
import { canReportIncidents } from '../../monitoring/ledger/ledger-access-policy.js';
import { IncidentsService } from '../../monitoring/incidents/incidents.service.js';
import { incidentRow } from './incident-views.js';

/** The flows an incident may name, and the names of every flow the agreement has had. */
export interface AgreementFlows {
  /** Of the version in force, else the latest version, else the draft: what people share under now. */
  current: DataFlow[];
  names: Map<string, string>;
}

export const reportPath = (agreementId: string) => `/agreements/${agreementId}/incidents/new`;

/** What the incident pages and the agreement's page read, through the agreements and incidents services. */
@Injectable()
export class IncidentPageData {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly incidents: IncidentsService,
    private readonly clock: Clock,
  ) {}

  async flowsOf(agreement: Agreement): Promise<AgreementFlows> {
    const [versions] = await this.agreements.versionsOf([agreement.id]);
    const version = AgreementsService.inForce(versions) ?? versions[0] ?? null;
    const current = version ? (version.frozen.content.dataFlows ?? []) : (agreement.draftContent?.dataFlows ?? []);
    const names = new Map<string, string>();
    // Oldest first, so the newest name of a flow wins.
    for (const flow of [...[...versions].reverse().flatMap((v) => v.frozen.content.dataFlows ?? []), ...(agreement.draftContent?.dataFlows ?? [])]) {
      if (flow.id) names.set(flow.id, flow.name);
    }
    return { current, names };
  }

  /** The agreement page's incidents: newest first, each with its ICO deadline in words. */
  async panel(caller: Caller, agreement: Agreement) {
    const [incidents, flows] = await Promise.all([this.incidents.forAgreement(caller, agreement.id), this.flowsOf(agreement)]);
    const now = this.clock.now();
    return {
      rows: incidents.map((incident) => incidentRow(incident, flows.names, now)),
      reportHref: canReportIncidents(caller) ? reportPath(agreement.id) : null,
    };
  }
}
