import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Frozen here: a migration never imports code that may change. */
const NOTIFICATION_KINDS = [
  'SIGNATURE_REQUESTED',
  'PARTY_DECLINED',
  'AGREEMENT_IN_FORCE',
  'PARTNERSHIP_INVITED',
  'INVITATION_ACCEPTED',
  'INVITATION_REFUSED',
  'REVIEW_DUE_90',
  'REVIEW_DUE_30',
  'REVIEW_OVERDUE',
  'ASSURANCE_LAPSING',
  'INCIDENT_RECORDED',
  'INCIDENT_ICO_DEADLINE',
  'USER_INVITED',
  'PASSWORD_RESET',
];
const quoted = (kinds: string[]): string => kinds.map((kind) => `'${kind}'`).join(', ');
const KINDS = quoted(NOTIFICATION_KINDS);
/** An outbox message is one notification's email, or a daily digest of several. */
const EMAIL_KINDS = quoted([...NOTIFICATION_KINDS, 'DAILY_DIGEST']);

/**
 * Notifications: one in-app `notification` per recipient, the emails waiting or sent in
 * `outbox_message` (written in the same transaction as the event), each delivery try in
 * `outbox_attempt`, and each person's choice of immediate email or a daily digest.
 *
 * An outbox message is PENDING until a sender claims it (SENDING, with a lease), then SENT or,
 * after its last try, FAILED. A message found SENDING after its lease ran out is tried again if its
 * sender had not yet handed it over; if it had, it may have been delivered, so it becomes UNKNOWN and
 * is never sent again by itself (docs/notifications.md).
 */
export class Notifications1798400000000 implements MigrationInterface {
  name = 'Notifications1798400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id),
        kind text NOT NULL CONSTRAINT ck_notification_kind CHECK (kind IN (${KINDS})),
        subject text NOT NULL CONSTRAINT ck_notification_subject CHECK (char_length(subject) BETWEEN 1 AND 300),
        body text NOT NULL CONSTRAINT ck_notification_body CHECK (char_length(body) BETWEEN 1 AND 20000),
        link text NOT NULL CONSTRAINT ck_notification_link CHECK (link ~ '^/[^/]' OR link = '/'),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        in_digest boolean NOT NULL,
        digest_sent_at timestamptz,
        CONSTRAINT ck_notification_digest CHECK (in_digest OR digest_sent_at IS NULL)
      )`);
    await db.query(`CREATE INDEX ix_notification_user ON notification (user_id, created_at DESC)`);
    await db.query(`CREATE INDEX ix_notification_unread ON notification (user_id) WHERE read_at IS NULL`);
    await db.query(`CREATE INDEX ix_notification_digest_due ON notification (user_id, created_at) WHERE in_digest AND digest_sent_at IS NULL`);

    await db.query(`
      CREATE TABLE outbox_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid REFERENCES notification (id),
        kind text NOT NULL CONSTRAINT ck_outbox_message_kind CHECK (kind IN (${EMAIL_KINDS})),
        to_address text NOT NULL CONSTRAINT ck_outbox_message_to CHECK (char_length(to_address) <= 320 AND to_address ~ '^[^\\s@<>,;]+@[^\\s@<>,;]+$'),
        subject text NOT NULL CONSTRAINT ck_outbox_message_subject CHECK (char_length(subject) BETWEEN 1 AND 300 AND subject !~ '[\\r\\n]'),
        text_body text NOT NULL CONSTRAINT ck_outbox_message_text CHECK (char_length(text_body) BETWEEN 1 AND 100000),
        html_body text NOT NULL CONSTRAINT ck_outbox_message_html CHECK (char_length(html_body) BETWEEN 1 AND 200000),
        status text NOT NULL DEFAULT 'PENDING'
          CONSTRAINT ck_outbox_message_status CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED', 'UNKNOWN')),
        attempts integer NOT NULL DEFAULT 0 CONSTRAINT ck_outbox_message_attempts CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_by text,
        claimed_until timestamptz,
        message_id text NOT NULL CONSTRAINT uq_outbox_message_message_id UNIQUE
          CONSTRAINT ck_outbox_message_message_id CHECK (message_id ~ '^<[^<>\\s@]+@[^<>\\s@]+>$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        last_error text CONSTRAINT ck_outbox_message_last_error CHECK (char_length(last_error) <= 2000),
        CONSTRAINT ck_outbox_message_claim CHECK ((status = 'SENDING') = (claimed_by IS NOT NULL AND claimed_until IS NOT NULL)),
        CONSTRAINT ck_outbox_message_sent CHECK ((status = 'SENT') = (sent_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX ix_outbox_message_due ON outbox_message (next_attempt_at) WHERE status = 'PENDING'`);
    await db.query(`CREATE INDEX ix_outbox_message_lease ON outbox_message (claimed_until) WHERE status = 'SENDING'`);
    await db.query(`CREATE INDEX ix_outbox_message_created ON outbox_message (created_at DESC, id)`);
    await db.query(`CREATE INDEX ix_outbox_message_notification ON outbox_message (notification_id) WHERE notification_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE outbox_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id uuid NOT NULL REFERENCES outbox_message (id) ON DELETE CASCADE,
        attempt integer NOT NULL CONSTRAINT ck_outbox_attempt_number CHECK (attempt >= 1),
        sender text NOT NULL,
        started_at timestamptz NOT NULL,
        -- when the sender, still holding its lease, let the message's end go to the server:
        -- from then on a sender that stops cannot know whether it was delivered
        handed_over_at timestamptz,
        finished_at timestamptz,
        outcome text NOT NULL CONSTRAINT ck_outbox_attempt_outcome CHECK (outcome IN ('IN_PROGRESS', 'SENT', 'RETRY', 'FAILED', 'UNKNOWN')),
        smtp_response text CONSTRAINT ck_outbox_attempt_response CHECK (char_length(smtp_response) <= 2000),
        CONSTRAINT uq_outbox_attempt UNIQUE (message_id, attempt),
        CONSTRAINT ck_outbox_attempt_finished CHECK ((outcome = 'IN_PROGRESS') = (finished_at IS NULL))
      )`);

    await db.query(`
      CREATE TABLE notification_preference (
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        kind text NOT NULL CONSTRAINT ck_notification_preference_kind CHECK (kind IN (${KINDS})),
        delivery text NOT NULL CONSTRAINT ck_notification_preference_delivery CHECK (delivery IN ('IMMEDIATE', 'DAILY_DIGEST')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind),
        CONSTRAINT ck_notification_preference_optional CHECK (
          delivery = 'IMMEDIATE' OR kind NOT IN ('SIGNATURE_REQUESTED', 'PARTNERSHIP_INVITED', 'USER_INVITED', 'PASSWORD_RESET'))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification_preference`);
    await db.query(`DROP TABLE outbox_attempt`);
    await db.query(`DROP TABLE outbox_message`);
    await db.query(`DROP TABLE notification`);
  }
}
