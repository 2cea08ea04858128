import { InputType } from '@nestjs/graphql';
import { AgreementIdField, ExpectedRevisionField, ParentProtocolField, PartiesField, TitleField } from './agreement-fields.js';
import type { PartyInput } from './party.input.js';

/** The lead organisation's IG lead changes the structure; only the fields given change. */
@InputType()
export class UpdateAgreementStructureInput {
  @AgreementIdField()
  agreementId: string;

  @ExpectedRevisionField()
  expectedRevision: number;

  @TitleField(false)
  title?: string;

  @ParentProtocolField()
  parentProtocolId?: string | null;

  @PartiesField('Replaces the parties; the lead organisation must stay one of them.')
  parties?: PartyInput[] | null;
}
