import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../common/auth/caller.js';
import { DomainError, type FieldProblem } from '../common/errors/domain-error.js';
import { NotificationDelivery, type NotificationKind, OPTIONAL_KINDS } from './notification.enums.js';

export interface KindPreference {
  kind: NotificationKind;
  delivery: NotificationDelivery;
}

/** Each person's choice, per optional kind, of an email straight away or a daily digest. */
@Injectable()
export class NotificationPreferencesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every optional kind, in order, with the caller's choice (immediate where they made none). */
  async of(caller: Caller): Promise<KindPreference[]> {
    const rows: Array<{ kind: NotificationKind; delivery: NotificationDelivery }> = await this.dataSource.query(
      `SELECT kind, delivery FROM notification_preference WHERE user_id = $1`,
      [caller.userId],
    );
    const chosen = new Map(rows.map((row) => [row.kind, row.delivery]));
    return OPTIONAL_KINDS.map((kind) => ({ kind, delivery: chosen.get(kind) ?? NotificationDelivery.IMMEDIATE }));
  }

  /** Sets the caller's choices for the kinds given, all or none. Signature requests and invitations cannot be put in a digest. */
  async set(caller: Caller, preferences: readonly { kind: string; delivery: string }[]): Promise<KindPreference[]> {
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    preferences.forEach((preference, i) => {
      if (!OPTIONAL_KINDS.includes(preference.kind as NotificationKind)) {
        problems.push({ field: `preferences.${i}.kind`, rule: 'optionalKind', message: 'must be a kind of notification that may go in a daily digest (signature requests and invitations are always emailed at once)' });
      } else if (seen.has(preference.kind)) {
        problems.push({ field: `preferences.${i}.kind`, rule: 'unique', message: 'must not be given twice' });
      }
      seen.add(preference.kind);
      if (!Object.values(NotificationDelivery).includes(preference.delivery as NotificationDelivery)) {
        problems.push({ field: `preferences.${i}.delivery`, rule: 'oneOf', message: `must be one of ${Object.values(NotificationDelivery).join(', ')}` });
      }
    });
    if (problems.length > 0) throw DomainError.invalidFields(problems);
    if (preferences.length > 0) {
      await this.dataSource.query(
        `INSERT INTO notification_preference (user_id, kind, delivery)
         SELECT $1, kind, delivery FROM unnest($2::text[], $3::text[]) AS p (kind, delivery)
         ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery, updated_at = now()`,
        [caller.userId, preferences.map((p) => p.kind), preferences.map((p) => p.delivery)],
      );
    }
    return this.of(caller);
  }
}
