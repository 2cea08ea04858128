import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, ValidateNested } from 'class-validator';
import { NotificationDelivery, NotificationKind } from '../notification.enums.js';

@InputType()
export class NotificationPreferenceInput {
  @Field(() => NotificationKind, { description: 'An optional kind: not SIGNATURE_REQUESTED, PARTNERSHIP_INVITED, USER_INVITED or PASSWORD_RESET, which are always emailed at once.' })
  @IsEnum(NotificationKind, { message: 'kind must be a kind of notification' })
  kind: NotificationKind;

  @Field(() => NotificationDelivery)
  @IsEnum(NotificationDelivery, { message: `delivery must be one of ${Object.values(NotificationDelivery).join(', ')}` })
  delivery: NotificationDelivery;
}

@InputType()
export class SetNotificationPreferencesInput {
  @Field(() => [NotificationPreferenceInput], { description: 'The kinds to set; kinds not given keep their setting.' })
  @IsArray()
  @ArrayMaxSize(Object.values(NotificationKind).length, { message: `preferences must have at most ${Object.values(NotificationKind).length} items` })
  @ValidateNested({ each: true })
  @Type(() => NotificationPreferenceInput)
  preferences: NotificationPreferenceInput[];
}
