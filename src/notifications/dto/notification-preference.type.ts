import { Field, ObjectType } from '@nestjs/graphql';
import { NotificationDelivery, NotificationKind } from '../notification.enums.js';

@ObjectType('NotificationPreference', { description: 'How you hear of one optional kind of notification by email.' })
export class NotificationPreferenceType {
  @Field(() => NotificationKind)
  kind: NotificationKind;

  @Field(() => NotificationDelivery)
  delivery: NotificationDelivery;
}
