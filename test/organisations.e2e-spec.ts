import { CREATE_ORGANISATION, createOrganisation, createUser } from './support/fixtures.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const UPDATE_ORGANISATION = `mutation ($id: ID!, $input: UpdateOrganisationInput!) {
  updateOrganisation(id: $id, input: $input) { id name odsCode registeredAddress igContactEmail igContactPhone dsptStatus dsptStatusDate secureEmailMethod secureEmailAccreditationExpiry }
}`;

const LIST = `query ($first: Int, $after: String, $filter: OrganisationFilter) {
  organisations(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { name } }
  }
}`;

describe('organisations', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

  describe('creating', () => {
    it('creates an organisation with every DESIGN field, normalising codes', async () => {
      const input = {
        name: 'Northshire Community Health NHS Trust',
        sector: 'NHS_TRUST',
        odsCode: ' rx1 ',
        icoRegistrationNumber: 'z1234567',
        dsptStatus: 'STANDARDS_MET',
        dsptStatusDate: '2026-06-30',
        secureEmailMethod: 'DCB1596_ACCREDITED_OFFICE365',
        secureEmailAccreditationExpiry: '2027-03-31',
      };
      const created = ok(await t.gql(CREATE_ORGANISATION, { input }, admin)).createOrganisation;
      expect(created).toMatchObject({ ...input, odsCode: 'RX1', icoRegistrationNumber: 'Z1234567' });

      const { rows } = await t.db.query('SELECT ods_code, ico_registration_number, dspt_status_date::text FROM organisation WHERE id = $1', [
        created.id,
      ]);
      expect(rows[0]).toEqual({ ods_code: 'RX1', ico_registration_number: 'Z1234567', dspt_status_date: '2026-06-30' });
    });

    it('defaults DSPT to NOT_PUBLISHED and secure email to NONE', async () => {
      const created = ok(await t.gql(CREATE_ORGANISATION, { input: { name: 'Hillside Care Home', sector: 'CARE_PROVIDER' } }, admin));
      expect(created.createOrganisation).toMatchObject({ dsptStatus: 'NOT_PUBLISHED', dsptStatusDate: null, secureEmailMethod: 'NONE', odsCode: null });
    });

    it.each([
      [{ odsCode: 'R!1' }, 'odsCode', 'matches'],
      [{ odsCode: 'ABCDEFG' }, 'odsCode', 'matches'],
      [{ icoRegistrationNumber: 'A1234567' }, 'icoRegistrationNumber', 'matches'],
      [{ icoRegistrationNumber: 'Z123456' }, 'icoRegistrationNumber', 'matches'],
      [{ name: 'x' }, 'name', 'isLength'],
      [{ dsptStatus: 'STANDARDS_MET' }, 'dsptStatusDate', 'requiredWithDsptStatus'],
      [{ dsptStatusDate: '2026-01-01' }, 'dsptStatusDate', 'emptyWhenNotPublished'],
      [{ dsptStatus: 'STANDARDS_MET', dsptStatusDate: '2999-01-01' }, 'dsptStatusDate', 'notInFuture'],
      [{ secureEmailMethod: 'DCB1596_SELF_ACCREDITED' }, 'secureEmailAccreditationExpiry', 'requiredWithAccreditedMethod'],
      [{ secureEmailMethod: 'NHSMAIL', secureEmailAccreditationExpiry: '2027-01-01' }, 'secureEmailAccreditationExpiry', 'onlyWithAccreditedMethod'],
      [{ registeredAddress: 'N1' }, 'registeredAddress', 'isLength'],
      [{ registeredAddress: 'Long Road\n'.repeat(51) }, 'registeredAddress', 'isLength'],
      [{ igContactEmail: 'ig at hospice' }, 'igContactEmail', 'isEmail'],
      [{ igContactEmail: 'ig@' }, 'igContactEmail', 'isEmail'],
      [{ igContactPhone: 'call the office' }, 'igContactPhone', 'isPhoneNumber'],
      [{ igContactPhone: '0113 496' }, 'igContactPhone', 'isPhoneNumber'],
      [{ igContactPhone: '+44 (0) 113 496 0000 ext 12' }, 'igContactPhone', 'isPhoneNumber'],
    ])('refuses %j naming %s and the rule %s, writing nothing', async (fields, field, rule) => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM organisation');
      const error = failure(await t.gql(CREATE_ORGANISATION, { input: { name: 'Refused Org', sector: 'OTHER', ...fields } }, admin));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      expect(error.message).toContain(field);
      const after = await t.db.query('SELECT count(*)::int AS n FROM organisation');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('keeps a registered address and a public IG contact, trimmed, the email in lower case', async () => {
      const input = { name: 'Northshire Hospice', sector: 'VOLUNTARY_CHARITY', registeredAddress: '  Hospice Lane\nNorthtown NT3 3CC  ', igContactEmail: ' IG@Hospice.Example ', igContactPhone: '(0113) 496-0123' };
      const created = ok(await t.gql(CREATE_ORGANISATION, { input }, admin)).createOrganisation;
      expect(created).toMatchObject({ registeredAddress: 'Hospice Lane\nNorthtown NT3 3CC', igContactEmail: 'ig@hospice.example', igContactPhone: '(0113) 496-0123' });
      const { rows } = await t.db.query('SELECT registered_address, ig_contact_email, ig_contact_phone FROM organisation WHERE id = $1', [created.id]);
      expect(rows[0]).toEqual({ registered_address: 'Hospice Lane\nNorthtown NT3 3CC', ig_contact_email: 'ig@hospice.example', ig_contact_phone: '(0113) 496-0123' });
    });

    it('refuses an unknown sector and a malformed date as client errors', async () => {
      const sector = failure(await t.gql(CREATE_ORGANISATION, { input: { name: 'Bad Sector', sector: 'BANK' } }, admin));
      expect(sector.extensions.code).toBe('BAD_USER_INPUT');
      expect(sector.message).toContain('sector');
      const date = failure(
        await t.gql(CREATE_ORGANISATION, { input: { name: 'Bad Date', sector: 'OTHER', dsptStatus: 'STANDARDS_MET', dsptStatusDate: '2026-02-30' } }, admin),
      );
      expect(date.extensions.code).toBe('BAD_USER_INPUT');
      expect(date.message).toContain('YYYY-MM-DD');
    });

    it('refuses a duplicate ODS code, ICO number or name with CONFLICT naming each field', async () => {
      await createOrganisation(t, { name: 'Eastbridge Borough Council', sector: 'LOCAL_AUTHORITY', odsCode: 'E0101', icoRegistrationNumber: 'ZA111111' });
      const error = failure(
        await t.gql(
          CREATE_ORGANISATION,
          { input: { name: 'EASTBRIDGE borough council', sector: 'LOCAL_AUTHORITY', odsCode: 'e0101', icoRegistrationNumber: 'ZA111111' } },
          admin,
        ),
      );
      expect(error.extensions.code).toBe('CONFLICT');
      expect(error.extensions.fields?.map((f) => f.field).sort()).toEqual(['icoRegistrationNumber', 'name', 'odsCode']);
      expect(error.extensions.fields?.every((f) => f.rule === 'unique')).toBe(true);
    });

    it('is refused to everyone but a SYSTEM_ADMIN', async () => {
      const org = await createOrganisation(t, { name: 'Create Refusal Trust' });
      const orgAdmin = await createUser(t, org.id, 'create-refusal-admin@example.org', ['ORG_ADMIN']);
      const error = failure(await t.gql(CREATE_ORGANISATION, { input: { name: 'Sneaky Org', sector: 'OTHER' } }, orgAdmin.token));
      expect(error.extensions.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/SYSTEM_ADMIN/);
    });
  });

  describe('updating', () => {
    let org: { id: string };
    let other: { id: string };
    let orgAdmin: { token: string };
    let otherAdmin: { token: string };
    let practitioner: { token: string };

    beforeAll(async () => {
      org = await createOrganisation(t, { name: 'Riverside Hospice', sector: 'VOLUNTARY_CHARITY' });
      other = await createOrganisation(t, { name: 'Other Hospice', sector: 'VOLUNTARY_CHARITY' });
      orgAdmin = await createUser(t, org.id, 'admin@riverside.example', ['ORG_ADMIN']);
      otherAdmin = await createUser(t, other.id, 'admin@other.example', ['ORG_ADMIN']);
      practitioner = await createUser(t, org.id, 'nurse@riverside.example', ['PRACTITIONER']);
    });

    it("lets the organisation's ORG_ADMIN update its assurance details", async () => {
      const input = { dsptStatus: 'APPROACHING_STANDARDS', dsptStatusDate: '2026-05-01', secureEmailMethod: 'NHSMAIL' };
      const updated = ok(await t.gql(UPDATE_ORGANISATION, { id: org.id, input }, orgAdmin.token)).updateOrganisation;
      expect(updated).toMatchObject({ ...input, name: 'Riverside Hospice', secureEmailAccreditationExpiry: null });
    });

    it('lets a SYSTEM_ADMIN update any organisation and clear optional fields with null', async () => {
      ok(await t.gql(UPDATE_ORGANISATION, { id: other.id, input: { odsCode: 'HOS1', registeredAddress: '2 Other Road, NT4 4DD', igContactEmail: 'ig@other.example', igContactPhone: '+44 20 7946 0000' } }, admin));
      const cleared = ok(await t.gql(UPDATE_ORGANISATION, { id: other.id, input: { odsCode: null, registeredAddress: null, igContactPhone: '' } }, admin)).updateOrganisation;
      expect(cleared).toMatchObject({ odsCode: null, registeredAddress: null, igContactEmail: 'ig@other.example', igContactPhone: null });
    });

    it('refuses a malformed contact on update naming the field and rule, changing nothing', async () => {
      const error = failure(await t.gql(UPDATE_ORGANISATION, { id: org.id, input: { igContactEmail: 'not-an-email', registeredAddress: 'ok road, NT1 1AA' } }, orgAdmin.token));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'igContactEmail', rule: 'isEmail' })]);
      const { rows } = await t.db.query('SELECT registered_address, ig_contact_email FROM organisation WHERE id = $1', [org.id]);
      expect(rows[0]).toEqual({ registered_address: null, ig_contact_email: null });
    });

    it("refuses another organisation's ORG_ADMIN and a practitioner, changing nothing", async () => {
      for (const token of [otherAdmin.token, practitioner.token]) {
        const error = failure(await t.gql(UPDATE_ORGANISATION, { id: org.id, input: { name: 'Taken Over' } }, token));
        expect(error.extensions.code).toBe('FORBIDDEN');
      }
      const { rows } = await t.db.query('SELECT name FROM organisation WHERE id = $1', [org.id]);
      expect(rows[0].name).toBe('Riverside Hospice');
    });

    it('checks rules across old and new values, and refuses clearing a required field', async () => {
      const needsDate = failure(await t.gql(UPDATE_ORGANISATION, { id: org.id, input: { dsptStatusDate: null } }, orgAdmin.token));
      expect(needsDate.extensions.fields?.[0]).toMatchObject({ field: 'dsptStatusDate', rule: 'requiredWithDsptStatus' });
      const noName = failure(await t.gql(UPDATE_ORGANISATION, { id: org.id, input: { name: null } }, orgAdmin.token));
      expect(noName.extensions.fields?.[0]).toMatchObject({ field: 'name', rule: 'notNull' });
    });

    it('answers NOT_FOUND for an organisation that does not exist', async () => {
      const error = failure(await t.gql(UPDATE_ORGANISATION, { id: '00000000-0000-4000-8000-000000000000', input: { name: 'Nobody' } }, admin));
      expect(error.extensions.code).toBe('NOT_FOUND');
    });
  });

  describe('listing', () => {
    let reader: string;

    beforeAll(async () => {
      const names = ['Alder Surgery', 'Birch Surgery', 'Cedar Surgery', 'Damson Surgery', 'Elm Surgery'];
      for (const [i, name] of names.entries()) {
        await createOrganisation(t, {
          name,
          sector: 'GP_PRACTICE',
          odsCode: `Y0000${i}`,
          ...(i % 2 === 0 ? { dsptStatus: 'STANDARDS_EXCEEDED', dsptStatusDate: '2026-01-15' } : {}),
        });
      }
      const home = await createOrganisation(t, { name: 'Listing Reader Council', sector: 'LOCAL_AUTHORITY' });
      reader = (await createUser(t, home.id, 'reader@council.example', ['PRACTITIONER'])).token;
    });

    it('walks every page by cursor in name order, for any signed-in user', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: any = ok(await t.gql(LIST, { first: 2, after, filter: { sector: 'GP_PRACTICE' } }, reader)).organisations;
        expect(page.totalCount).toBe(5);
        seen.push(...page.edges.map((e: any) => e.node.name));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages += 1;
      } while (after);
      expect(pages).toBe(3);
      expect(seen).toEqual(['Alder Surgery', 'Birch Surgery', 'Cedar Surgery', 'Damson Surgery', 'Elm Surgery']);
    });

    it('filters by DSPT status and by part of the name or ODS code', async () => {
      const exceeded = ok(await t.gql(LIST, { filter: { dsptStatus: 'STANDARDS_EXCEEDED' } }, reader)).organisations;
      expect(exceeded.edges.map((e: any) => e.node.name)).toEqual(['Alder Surgery', 'Cedar Surgery', 'Elm Surgery']);
      const byName = ok(await t.gql(LIST, { filter: { search: 'bIrCh' } }, reader)).organisations;
      expect(byName.edges.map((e: any) => e.node.name)).toEqual(['Birch Surgery']);
      const byCode = ok(await t.gql(LIST, { filter: { search: 'y00003' } }, reader)).organisations;
      expect(byCode.edges.map((e: any) => e.node.name)).toEqual(['Damson Surgery']);
      const wildcard = ok(await t.gql(LIST, { filter: { search: '%' } }, reader)).organisations;
      expect(wildcard.totalCount).toBe(0);
    });

    it('refuses a page size over 100 and a cursor it did not issue', async () => {
      const tooMany = failure(await t.gql(LIST, { first: 101 }, reader));
      expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'first' })] });
      const badCursor = failure(await t.gql(LIST, { after: 'not-a-cursor' }, reader));
      expect(badCursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'after', rule: 'cursor' })] });
    });
  });
});
