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

/** Creates a user as the SYSTEM_ADMIN and returns their id and a signed-in token. */
export async function createUser(
  t: TestApp,
  organisationId: string,
  email: string,
  roles: string[] = [],
): Promise<{ id: string; email: string; token: string }> {
  const input = { organisationId, email, fullName: email.split('@')[0], password: DEFAULT_PASSWORD, roles };
  const data = ok(await t.gql(CREATE_USER, { input }, await t.adminToken()));
  return { id: data.createUser.id, email, token: await t.login(email) };
}
