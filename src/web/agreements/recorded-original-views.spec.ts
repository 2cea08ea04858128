import type { AgreementVersion } from '../../agreements/agreement-version.entity.js';
import { ConfirmationStatus, OriginalAnswer } from '../../agreements/originals/recorded-original.enums.js';
import type { Caller } from '../../common/auth/caller.js';
import { Role } from '../../common/auth/role.js';
import { fileSize, recordedOriginalView } from './recorded-original-views.js';

const caller = (organisationId: string): Caller => ({ userId: 'u', organisationId, roles: new Set([Role.IG_LEAD]) }) as unknown as Caller;
const version = {
  id: 'v1',
  agreementId: 'ag',
  number: 1,
  originalReference: 'NGH-17',
  confirmationStatus: ConfirmationStatus.DISPUTED,
  recordedFindings: [
    { code: 'NO_RETENTION', severity: 'BLOCKER', message: 'No retention period.', reference: 'Caldicott 5', field: null },
    { code: 'DSPT', severity: 'WARNING', message: 'No DSPT.', reference: 'DSPT', field: null },
  ],
  frozen: {
    parties: [
      { organisationId: 'lead', organisationName: 'Hospital' },
      { organisationId: 'b', organisationName: 'Council' },
      { organisationId: 'c', organisationName: 'Care' },
    ],
  },
} as unknown as AgreementVersion;
const answers = [{ versionId: 'v1', organisationId: 'b', answer: OriginalAnswer.DISPUTED, reason: 'Different retention', answeredBy: 'Pat Council', answeredAt: new Date('2026-12-01T10:00:00Z') }];
const file = { filename: 'scan.pdf', byteSize: 2048, sha256: 'ab'.repeat(32) };

describe('recordedOriginalView', () => {
  it('says where confirmation stands in words, party by party, with who answered and why', () => {
    const view = recordedOriginalView(caller('b'), 'lead', version, answers, file);
    expect(view.status.text).toBe('Disputed');
    expect(view.originalReference).toBe('NGH-17');
    expect(view.answers).toEqual([
      { organisationName: 'Council', answer: 'DISPUTED', text: 'Disputed the record', colour: 'red', by: 'Pat Council', at: '2026-12-01T10:00:00.000Z', reason: 'Different retention' },
      { organisationName: 'Care', answer: 'NONE', text: 'Not answered yet', colour: 'grey', by: null, at: null, reason: null },
    ]);
    expect(view.findings.map((f) => [f.code, f.blocker])).toEqual([['NO_RETENTION', true], ['DSPT', false]]);
    expect(view.file).toEqual({ filename: 'scan.pdf', size: '2 KB', sha256: file.sha256 });
  });

  it('links the scan for the parties only', () => {
    expect(recordedOriginalView(caller('c'), 'lead', version, [], file).downloadHref).toBe('/documents/agreements/ag/versions/1/signed-original.pdf');
    expect(recordedOriginalView(caller('elsewhere'), 'lead', version, [], file).downloadHref).toBeNull();
  });

  it('sizes files as people read them', () => {
    expect([fileSize(193), fileSize(64 * 1024), fileSize(3 * 1024 * 1024 + 200_000)]).toEqual(['193 bytes', '64 KB', '3.2 MB']);
  });
});
