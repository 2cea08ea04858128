import { Role } from '../../common/auth/role.js';
import type { Organisation } from '../../organisations/organisation.entity.js';
import { DsptStatus, SecureEmailMethod, Sector } from '../../organisations/organisation.enums.js';
import { partyReadiness } from '../../organisations/party-readiness.js';
import type { RoleHolders } from '../../organisations/role-holders.js';
import type { User } from '../../organisations/user.entity.js';
import { assuranceView, emailDomainsView, overviewView, profileValuesOf, profileView, roleChoices, roleLabels } from './organisation-view.js';

const organisation = (fields: Partial<Organisation> = {}): Organisation => ({
  id: 'o1',
  name: 'Northshire County Council',
  sector: Sector.LOCAL_AUTHORITY,
  odsCode: 'NCC01',
  icoRegistrationNumber: null,
  registeredAddress: null,
  igContactEmail: null,
  igContactPhone: null,
  dsptStatus: DsptStatus.STANDARDS_MET,
  dsptStatusDate: '2026-06-30',
  secureEmailMethod: SecureEmailMethod.NHSMAIL,
  secureEmailAccreditationExpiry: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...fields,
});
const user = (id: string, fullName: string): User => ({ id, fullName, email: `${id}@council.example`, organisationId: 'o1', jobTitle: null, active: true }) as User;
const NOBODY: RoleHolders = { igLead: null, caldicottGuardian: null, siro: null, dpo: null, signatories: [] };

describe('organisation view', () => {
  it('says whether the secure email accreditation is in order, expiring within 90 days, or expired', () => {
    const accredited = (expiry: string | null) => assuranceView(organisation({ secureEmailMethod: SecureEmailMethod.DCB1596_SELF_ACCREDITED, secureEmailAccreditationExpiry: expiry }), '2026-03-01').email;
    expect(accredited('2026-12-31')).toMatchObject({ text: 'Accredited', colour: 'green', detail: 'The accreditation expires in 305 days.' });
    expect(accredited('2026-05-30')).toMatchObject({ text: 'Expires soon', colour: 'orange', detail: 'The accreditation expires in 90 days: renew it.' });
    expect(accredited('2026-02-28')).toMatchObject({ text: 'Expired', colour: 'red', detail: 'The accreditation expired 1 day ago.' });
    expect(accredited(null)).toMatchObject({ text: 'Expiry not given', colour: 'orange' });
    expect(assuranceView(organisation(), '2026-03-01').email).toMatchObject({ method: 'NHSmail', text: 'Accredited', colour: 'green' });
    expect(assuranceView(organisation({ secureEmailMethod: SecureEmailMethod.NONE }), '2026-03-01').email).toMatchObject({ text: 'No secure email', colour: 'orange' });
  });

  it('colours the DSPT status', () => {
    const dspt = (status: DsptStatus) => assuranceView(organisation({ dsptStatus: status }), '2026-03-01').dspt.colour;
    expect([DsptStatus.STANDARDS_EXCEEDED, DsptStatus.STANDARDS_MET, DsptStatus.APPROACHING_STANDARDS, DsptStatus.STANDARDS_NOT_MET, DsptStatus.NOT_PUBLISHED].map(dspt)).toEqual([
      'green',
      'green',
      'yellow',
      'red',
      'grey',
    ]);
  });

  it('gives readiness reasons in words, and roles in the order offered', () => {
    const view = overviewView({
      organisation: organisation(),
      holders: NOBODY,
      readiness: partyReadiness(NOBODY),
      users: [{ user: user('u1', 'Ann Admin'), roles: [Role.SIGNATORY, Role.ORG_ADMIN, Role.IG_LEAD] }],
      totalUsers: 1,
      nextPage: null,
      firstPage: true,
      callerUserId: 'u1',
      today: '2026-03-01',
      done: { kind: 'user-added', name: 'Priya Shah' },
      emailDomains: emailDomainsView([], false),
    });
    expect(view.readiness).toEqual({
      ready: false,
      reasons: ['No IG lead: give a user the IG lead role', 'No one may sign agreements: give a user the Authorised signatory, Caldicott Guardian or SIRO role'],
    });
    expect(view.users[0]).toMatchObject({ you: true, roles: 'IG lead, Authorised signatory, Organisation admin' });
    expect(view.done).toBe('Priya Shah has been added. We have emailed them a link to choose their password');
    expect(roleLabels([Role.SYSTEM_ADMIN, Role.DPO])).toEqual(['DPO', 'System admin']);
  });

  it('offers every role but SYSTEM_ADMIN, saying who holds a named post now', () => {
    const holders = { ...NOBODY, igLead: user('u2', 'Ian Lead') };
    const choices = roleChoices([Role.DPO], holders, null);
    expect(choices.map((c) => c.value)).not.toContain(Role.SYSTEM_ADMIN);
    expect(choices[0]).toMatchObject({ value: 'IG_LEAD', id: 'roles', checked: false });
    expect(choices[0].hint).toContain('One per organisation: now Ian Lead; giving it here takes it from them.');
    expect(choices.find((c) => c.value === 'DPO')).toMatchObject({ checked: true, hint: 'Data Protection Officer. One per organisation.' });
    // The holder's own page does not warn them about themself.
    expect(roleChoices([], holders, 'u2')[0].hint).toBe('Information governance lead: drafts agreements and fixes their findings. One per organisation.');
  });

  it('fills the profile form from the organisation, dates as day, month and year', () => {
    const view = profileView('Northshire County Council', profileValuesOf(organisation()), null);
    expect(view.values.dsptStatusDate).toEqual({ day: '30', month: '6', year: '2026' });
    expect(view.sectors.find((s) => s.selected)).toEqual({ value: 'LOCAL_AUTHORITY', label: 'Local authority', selected: true });
    expect(view.dsptStatuses.filter((s) => s.checked).map((s) => s.id)).toEqual(['dsptStatus-2']);
    expect(view.secureEmailMethods[0]).toMatchObject({ id: 'secureEmailMethod', value: 'NHSMAIL', checked: true });
  });
});

describe('emailDomainsView', () => {
  it('says which addresses new users may have, or that a system admin must register domains first', () => {
    expect(emailDomainsView(['council.example', 'northshire.gov.uk'], true)).toEqual({
      domains: ['council.example', 'northshire.gov.uk'],
      hint: "New users' email addresses must end with @council.example or @northshire.gov.uk.",
      canChange: true,
    });
    expect(emailDomainsView([], false).hint).toBe('None registered yet: a system admin registers them before users can be added here.');
  });
});
