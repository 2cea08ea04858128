import { AgreementDisplayStatus, Article6Basis, CommonLawBasis, SigningRole, TransferMethod, VersionStatus } from '../../agreements/agreement.enums.js';
import { ConfirmationStatus, OriginalAnswer } from '../../agreements/originals/recorded-original.enums.js';
import { RagStatus } from '../../monitoring/health/agreement-health.js';
import { ConsentStatus, DecisionFlagKind, DecisionOutcome } from '../../monitoring/monitoring.enums.js';
import { NotificationDelivery, NotificationKind, OutboxStatus } from '../../notifications/notification.enums.js';
import { CODE_LABELS, labelOf, type CodeVocabulary } from './code-labels.js';

describe('code labels', () => {
  it.each<[CodeVocabulary, Record<string, string>]>([
    ['article6', Article6Basis],
    ['commonLaw', CommonLawBasis],
    ['method', TransferMethod],
    ['consent', ConsentStatus],
    ['flag', DecisionFlagKind],
    ['outcome', DecisionOutcome],
    ['rag', RagStatus],
    ['displayStatus', AgreementDisplayStatus],
    ['versionStatus', VersionStatus],
    ['confirmationStatus', ConfirmationStatus],
    ['originalAnswer', OriginalAnswer],
    ['signingRole', SigningRole],
    ['notificationKind', NotificationKind],
    ['notificationDelivery', NotificationDelivery],
    ['outboxStatus', OutboxStatus],
  ])('labels every %s code in words', (vocabulary, codes) => {
    for (const code of Object.values(codes)) {
      const label = CODE_LABELS[vocabulary][code as keyof (typeof CODE_LABELS)[typeof vocabulary]] as string | undefined;
      expect({ code, label: label && label !== code }).toEqual({ code, label: true });
    }
  });

  it('reads a code missing from the table as words, never as the code', () => {
    expect(labelOf('flag', 'METHOD_NOT_ALLOWED')).toBe('Method not agreed');
    expect(labelOf('flag', 'SOME_NEW_FLAG')).toBe('Some new flag');
  });
});
