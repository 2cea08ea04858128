/** The ICO expects a reportable personal data breach within 72 hours of becoming aware of it. */
export const ICO_DEADLINE_HOURS = 72;

export interface IcoDeadlineFacts {
  icoReportable: boolean;
  discoveredAt: Date;
  icoDeadline: Date | null;
  reportedToIcoAt: Date | null;
}

/** 72 hours after discovery for a reportable breach; none otherwise. */
export function icoDeadlineOf(icoReportable: boolean, discoveredAt: Date): Date | null {
  return icoReportable ? new Date(discoveredAt.getTime() + ICO_DEADLINE_HOURS * 3_600_000) : null;
}

/** Where the ICO deadline stands at `now`. Pure: the API's fields and the pages' words both come from it. */
export type IcoDeadlineState =
  | { kind: 'NOT_REPORTABLE' }
  | { kind: 'REPORTED'; reportedAt: Date; deadline: Date; late: boolean }
  | { kind: 'RUNNING'; deadline: Date; millisecondsLeft: number }
  | { kind: 'OVERDUE'; deadline: Date; millisecondsOver: number };

export function icoDeadlineState(incident: IcoDeadlineFacts, now: Date): IcoDeadlineState {
  const deadline = incident.icoDeadline;
  if (!incident.icoReportable || !deadline) return { kind: 'NOT_REPORTABLE' };
  if (incident.reportedToIcoAt) return { kind: 'REPORTED', reportedAt: incident.reportedToIcoAt, deadline, late: incident.reportedToIcoAt.getTime() > deadline.getTime() };
  const left = deadline.getTime() - now.getTime();
  return left >= 0 ? { kind: 'RUNNING', deadline, millisecondsLeft: left } : { kind: 'OVERDUE', deadline, millisecondsOver: -left };
}

/** Hours left to report (negative once passed), to a tenth; null when not reportable or already reported. */
export function hoursUntilIcoDeadline(incident: IcoDeadlineFacts, now: Date): number | null {
  const state = icoDeadlineState(incident, now);
  if (state.kind !== 'RUNNING' && state.kind !== 'OVERDUE') return null;
  return Math.round(((state.deadline.getTime() - now.getTime()) / 3_600_000) * 10) / 10;
}

/** A reportable breach not reported within 72 hours of discovery (reported late, or still unreported after the deadline). */
export function icoDeadlineMissed(incident: IcoDeadlineFacts, now: Date): boolean {
  const state = icoDeadlineState(incident, now);
  return state.kind === 'OVERDUE' || (state.kind === 'REPORTED' && state.late);
}
