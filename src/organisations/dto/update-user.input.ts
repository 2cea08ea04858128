import { InputType } from '@nestjs/graphql';
import { FullNameField, JobTitleField } from './user-fields.js';

/** Only the fields given change. */
@InputType()
export class UpdateUserInput {
  @FullNameField(false)
  fullName?: string;

  @JobTitleField()
  jobTitle?: string | null;
}
