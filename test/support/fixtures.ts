import { DEFAULT_PASSWORD, ok, type TestApp } from './test-app.js';

export interface OrganisationInput {
  name: string;
  sector?: string;
  odsCode?: string | null;
  icoRegistrationNumber?: string | null;
  registeredAddress?: string | null;
  igContactEmail?: string | null;
  igContactPhone?: string | null;
  dsptStatus?: string;
  dsptStatusDate?: string | null;
  secureEmailMethod?: string;
  secureEmailAccreditationExpiry?: string | null;
}

export const CREATE_ORGANISATION = `mutation ($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { id name sector odsCode icoRegistrationNumber registeredAddress igContactEmail igContactPhone dsptStatus dsptStatusDate secureEmailMethod secureEmailAccreditationExpiry }
}`;

export const CREATE_USER = `mutation ($input: CreateUserInput!) {
  createUser(input: $input) { id email fullName organisation { id } roles active }
}`;

/** Creates an organisation as the SYSTEM_ADMIN. */
export async function createOrganisation(t: TestApp, input: OrganisationInput): Promise<{ id: string; name: string }> {
  const data = ok(await t.gql(CREATE_ORGANISATION, { input: { sector: 'NHS_TRUST', ...input } }, await t.adminToken()));
  return data.createOrganisation;
}

export const SET_PASSWORD_WITH_LINK = `mutation ($input: SetPasswordWithLinkInput!) { setPasswordWithLink(input: $input) }`;

/**
 * Creates a user as the SYSTEM_ADMIN, sets their password (DEFAULT_PASSWORD) through the link
 * their invitation email carries, as they would, and returns their id and a signed-in token.
 */
export async function createUser(
  t: TestApp,
  organisationId: string,
  email: string,
  roles: string[] = [],
): Promise<{ id: string; email: string; token: string }> {
  const input = { organisationId, email, fullName: email.split('@')[0], roles };
  const data = ok(await t.gql(CREATE_USER, { input }, await t.adminToken()));
  ok(await t.gql(SET_PASSWORD_WITH_LINK, { input: { token: await emailedLinkToken(t, email, 'USER_INVITED'), email, newPassword: DEFAULT_PASSWORD } }));
  return { id: data.createUser.id, email, token: await t.login(email) };
}

/** The token of the latest link to set a password emailed to `email` (read from the outbox, as the email would carry it). */
export async function emailedLinkToken(t: TestApp, email: string, kind: 'USER_INVITED' | 'PASSWORD_RESET'): Promise<string> {
  const { rows } = await t.db.query<{ text_body: string }>(
    `SELECT text_body FROM outbox_message WHERE to_address = $1 AND kind = $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [email, kind],
  );
  const token = rows[0]?.text_body.match(/\/password\/set\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`no ${kind} link has been emailed to ${email}`);
  return token;
}
