import { Role, SINGLE_HOLDER_ROLES } from '../../common/auth/role.js';
import type { Organisation } from '../../organisations/organisation.entity.js';
import { ACCREDITED_EMAIL_METHODS, DSPT_STATUS_LABELS, DsptStatus, SecureEmailMethod, Sector } from '../../organisations/organisation.enums.js';
import type { PartyReadiness } from '../../organisations/party-readiness.js';
import type { RoleHolders } from '../../organisations/role-holders.js';
import type { User } from '../../organisations/user.entity.js';
import { datePartsFrom, inWords, type DateParts, type FormErrors, type FormField } from '../form-input.js';

/** The organisation admin's pages: words for the codes, and the views. Pure. */

export const SECTORS: Record<Sector, string> = {
  NHS_TRUST: 'NHS trust',
  ICB: 'Integrated care board',
  GP_PRACTICE: 'GP practice',
  LOCAL_AUTHORITY: 'Local authority',
  POLICE: 'Police',
  CARE_PROVIDER: 'Care provider',
  VOLUNTARY_CHARITY: 'Voluntary or charity',
  HOUSING: 'Housing',
  EDUCATION: 'Education',
  FIRE: 'Fire and rescue',
  PROBATION: 'Probation',
  OTHER: 'Other',
};

export const DSPT_STATUSES: Record<DsptStatus, string> = DSPT_STATUS_LABELS;

export const SECURE_EMAIL_METHODS: Record<SecureEmailMethod, { label: string; hint: string }> = {
  NHSMAIL: { label: 'NHSmail', hint: 'Accredited to DCB1596 centrally: no expiry date' },
  DCB1596_ACCREDITED_OFFICE365: { label: 'Office 365 accredited to DCB1596', hint: 'Give the date the accreditation expires' },
  DCB1596_SELF_ACCREDITED: { label: 'Self-accredited to DCB1596', hint: 'Give the date the accreditation expires' },
  NONE: { label: 'None', hint: 'No email accredited to DCB1596: information is sent some other secure way' },
};

/** The roles an organisation admin gives, in the order offered, with what each may do. SYSTEM_ADMIN is the service operator's. */
export const OFFERED_ROLES: readonly { role: Role; label: string; hint: string }[] = [
  { role: Role.IG_LEAD, label: 'IG lead', hint: 'Information governance lead: drafts agreements and fixes their findings' },
  { role: Role.CALDICOTT_GUARDIAN, label: 'Caldicott Guardian', hint: 'Signs agreements; advises on confidentiality' },
  { role: Role.SIRO, label: 'SIRO', hint: 'Senior Information Risk Owner: signs agreements' },
  { role: Role.DPO, label: 'DPO', hint: 'Data Protection Officer' },
  { role: Role.SIGNATORY, label: 'Authorised signatory', hint: 'Signs agreements for the organisation' },
  { role: Role.PRACTITIONER, label: 'Practitioner', hint: 'Records decisions to share or not to share' },
  { role: Role.COMMISSIONER, label: 'Commissioner', hint: 'Sees the partnership’s monitoring dashboard: figures only' },
  { role: Role.ORG_ADMIN, label: 'Organisation admin', hint: 'Manages these pages: the organisation’s details, users and roles' },
];

export const ROLE_LABELS: Record<Role, string> = {
  ...(Object.fromEntries(OFFERED_ROLES.map((r) => [r.role, r.label])) as Record<Role, string>),
  SYSTEM_ADMIN: 'System admin',
};

/** Roles in words, in the order they are offered. */
export function roleLabels(roles: readonly Role[]): string[] {
  const order = [...OFFERED_ROLES.map((r) => r.role), Role.SYSTEM_ADMIN];
  return [...roles].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((role) => ROLE_LABELS[role]);
}

/** Codes a service message may name, in words. */
export const WORDS: Record<string, string> = { ...DSPT_STATUSES, ...Object.fromEntries(Object.entries(SECURE_EMAIL_METHODS).map(([k, v]) => [k, v.label])), ...ROLE_LABELS };

export const PROFILE_FIELDS: Record<string, FormField> = {
  name: { label: 'Organisation name' },
  sector: { label: 'Sector' },
  odsCode: { label: 'ODS code' },
  icoRegistrationNumber: { label: 'ICO registration number' },
  registeredAddress: { label: 'Registered address' },
  igContactEmail: { label: 'Email address for information-governance queries' },
  igContactPhone: { label: 'Telephone number for information-governance queries' },
  dsptStatus: { label: 'DSPT status' },
  dsptStatusDate: { label: 'DSPT status date', anchor: 'dsptStatusDate-day' },
  secureEmailMethod: { label: 'Secure email method' },
  secureEmailAccreditationExpiry: { label: 'Accreditation expiry date', anchor: 'secureEmailAccreditationExpiry-day' },
};

export const USER_FIELDS: Record<string, FormField> = {
  email: {
    label: 'Email address',
    messages: { blank: 'Enter their email address', isEmail: 'Enter an email address in the correct format, like name@example.nhs.uk', maxLength: 'Email address must be 254 characters or fewer' },
  },
  fullName: { label: 'Full name', messages: { blank: 'Enter their full name', isLength: 'Full name must be 200 characters or fewer' } },
  jobTitle: { label: 'Job title', messages: { maxLength: 'Job title must be 200 characters or fewer' } },
  password: { label: 'First password', messages: { blank: 'Enter a first password for them', isLength: 'First password must be between 12 and 256 characters' } },
  roles: { label: 'Roles' },
  role: { label: 'Roles', anchor: 'roles' },
};

/** Within this many days an accreditation is about to expire (as the agreement health report counts it). */
const EXPIRY_WARNING_DAYS = 90;

type Colour = 'green' | 'yellow' | 'orange' | 'red' | 'grey';

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** DSPT and secure email, with a tag saying whether each is in order on `today` (YYYY-MM-DD). */
export function assuranceView(organisation: Organisation, today: string) {
  const dsptColour: Record<DsptStatus, Colour> = {
    STANDARDS_EXCEEDED: 'green',
    STANDARDS_MET: 'green',
    APPROACHING_STANDARDS: 'yellow',
    STANDARDS_NOT_MET: 'red',
    NOT_PUBLISHED: 'grey',
  };
  const expiry = organisation.secureEmailAccreditationExpiry;
  let email: { text: string; colour: Colour; detail: string };
  if (!ACCREDITED_EMAIL_METHODS.includes(organisation.secureEmailMethod)) {
    email =
      organisation.secureEmailMethod === SecureEmailMethod.NHSMAIL
        ? { text: 'Accredited', colour: 'green', detail: 'NHSmail is accredited to DCB1596 centrally.' }
        : { text: 'No secure email', colour: 'orange', detail: 'Agreements cannot name secure email as a way to send information.' };
  } else if (!expiry) {
    email = { text: 'Expiry not given', colour: 'orange', detail: 'Give the date the accreditation expires.' };
  } else {
    const days = daysBetween(today, expiry);
    email =
      days < 0
        ? { text: 'Expired', colour: 'red', detail: `The accreditation expired ${plural(-days, 'day')} ago.` }
        : days <= EXPIRY_WARNING_DAYS
          ? { text: 'Expires soon', colour: 'orange', detail: `The accreditation expires in ${plural(days, 'day')}: renew it.` }
          : { text: 'Accredited', colour: 'green', detail: `The accreditation expires in ${plural(days, 'day')}.` };
  }
  return {
    dspt: { label: DSPT_STATUSES[organisation.dsptStatus], colour: dsptColour[organisation.dsptStatus], date: organisation.dsptStatusDate },
    email: { method: SECURE_EMAIL_METHODS[organisation.secureEmailMethod].label, expiry, ...email },
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface UserRow {
  user: User;
  roles: Role[];
}

export type Done = 'profile' | 'user-added' | 'roles' | 'deactivated' | 'reactivated' | 'email-domains';

const DONE: Record<Done, (name: string) => string> = {
  profile: () => 'Organisation details saved',
  'user-added': (name) => `${name} has been added`,
  roles: (name) => `Roles of ${name} saved`,
  deactivated: (name) => `${name} has been deactivated`,
  reactivated: (name) => `${name} has been reactivated`,
  'email-domains': () => 'Email domains saved',
};

/** The email domains as the organisation page says them, and what they mean for adding users. */
export function emailDomainsView(domains: readonly string[], canChange: boolean) {
  return {
    domains: [...domains],
    hint: domains.length
      ? `New users' email addresses must end with ${domains.map((d) => `@${d}`).join(' or ')}.`
      : 'None registered yet: a system admin registers them before users can be added here.',
    canChange,
  };
}

export const isDone = (value: unknown): value is Done => typeof value === 'string' && value in DONE;

export function overviewView(input: {
  organisation: Organisation;
  holders: RoleHolders;
  readiness: PartyReadiness;
  users: UserRow[];
  totalUsers: number;
  nextPage: string | null;
  firstPage: boolean;
  callerUserId: string;
  today: string;
  done: { kind: Done; name: string } | null;
  emailDomains: ReturnType<typeof emailDomainsView>;
}) {
  const { organisation, holders } = input;
  const holder = (label: string, user: User | null) => ({ label, name: user?.fullName ?? null, email: user?.email ?? null });
  return {
    organisation: {
      ...organisation,
      sectorLabel: SECTORS[organisation.sector],
      addressLines: addressLines(organisation.registeredAddress),
    },
    assurance: assuranceView(organisation, input.today),
    readiness: { ready: input.readiness.ready, reasons: input.readiness.reasons.map((r) => inWords(r.message, WORDS)) },
    holders: [
      holder('IG lead', holders.igLead),
      holder('Caldicott Guardian', holders.caldicottGuardian),
      holder('SIRO', holders.siro),
      holder('DPO', holders.dpo),
    ],
    signatories: holders.signatories.map((u) => ({ name: u.fullName, email: u.email })),
    users: input.users.map(({ user, roles }) => ({
      id: user.id,
      fullName: user.fullName,
      email: user.email,
      jobTitle: user.jobTitle,
      active: user.active,
      you: user.id === input.callerUserId,
      roles: roleLabels(roles).join(', '),
    })),
    totalUsers: input.totalUsers,
    nextPage: input.nextPage,
    firstPage: input.firstPage,
    done: input.done ? DONE[input.done.kind](input.done.name) : null,
    emailDomains: input.emailDomains,
  };
}

/** An address as its lines, without blank ones. */
export const addressLines = (address: string | null): string[] => (address ? address.split(/\r?\n/).map((line) => line.trim()).filter(Boolean) : []);

export interface ProfileValues {
  name: string;
  sector: string;
  odsCode: string;
  icoRegistrationNumber: string;
  registeredAddress: string;
  igContactEmail: string;
  igContactPhone: string;
  dsptStatus: string;
  dsptStatusDate: DateParts;
  secureEmailMethod: string;
  secureEmailAccreditationExpiry: DateParts;
}

export const profileValuesOf = (organisation: Organisation): ProfileValues => ({
  name: organisation.name,
  sector: organisation.sector,
  odsCode: organisation.odsCode ?? '',
  icoRegistrationNumber: organisation.icoRegistrationNumber ?? '',
  registeredAddress: organisation.registeredAddress ?? '',
  igContactEmail: organisation.igContactEmail ?? '',
  igContactPhone: organisation.igContactPhone ?? '',
  dsptStatus: organisation.dsptStatus,
  dsptStatusDate: datePartsFrom(organisation.dsptStatusDate),
  secureEmailMethod: organisation.secureEmailMethod,
  secureEmailAccreditationExpiry: datePartsFrom(organisation.secureEmailAccreditationExpiry),
});

export function profileView(organisationName: string, values: ProfileValues, errors: FormErrors | null) {
  return {
    pageTitle: 'Change organisation details',
    organisationName,
    values,
    errors,
    sectors: Object.entries(SECTORS).map(([value, label]) => ({ value, label, selected: value === values.sector })),
    dsptStatuses: Object.entries(DSPT_STATUSES).map(([value, label], i) => ({ value, label, id: i === 0 ? 'dsptStatus' : `dsptStatus-${i + 1}`, checked: value === values.dsptStatus })),
    secureEmailMethods: Object.entries(SECURE_EMAIL_METHODS).map(([value, { label, hint }], i) => ({
      value,
      label,
      hint,
      id: i === 0 ? 'secureEmailMethod' : `secureEmailMethod-${i + 1}`,
      checked: value === values.secureEmailMethod,
    })),
  };
}

/** The role checkboxes, ticked as given; a named post says who holds it now, as giving it moves it. */
export function roleChoices(selected: readonly string[], holders: RoleHolders, forUserId: string | null) {
  const current: Partial<Record<Role, User | null>> = {
    IG_LEAD: holders.igLead,
    CALDICOTT_GUARDIAN: holders.caldicottGuardian,
    SIRO: holders.siro,
    DPO: holders.dpo,
  };
  return OFFERED_ROLES.map(({ role, label, hint }, i) => {
    const holder = current[role];
    const single = SINGLE_HOLDER_ROLES.includes(role);
    const moves = single && holder && holder.id !== forUserId ? ` One per organisation: now ${holder.fullName}; giving it here takes it from them.` : single ? ' One per organisation.' : '';
    return { value: role, label, hint: `${hint}.${moves}`, id: i === 0 ? 'roles' : `roles-${i + 1}`, checked: selected.includes(role) };
  });
}

export interface NewUserValues {
  email: string;
  fullName: string;
  jobTitle: string;
  roles: string[];
}

export function newUserView(organisationName: string, values: NewUserValues, holders: RoleHolders, errors: FormErrors | null, emailDomains: readonly string[] = []) {
  return { pageTitle: 'Add a user', organisationName, values, errors, roles: roleChoices(values.roles, holders, null), emailHint: emailDomainsView(emailDomains, false).hint };
}

export function userRolesView(organisationName: string, user: User, selected: string[], holders: RoleHolders, errors: FormErrors | null) {
  return {
    pageTitle: `Change the roles of ${user.fullName}`,
    organisationName,
    user: { id: user.id, fullName: user.fullName, email: user.email, active: user.active },
    errors,
    roles: roleChoices(selected, holders, user.id),
  };
}

export function deactivateView(organisationName: string, user: User, roles: Role[], isCaller: boolean, errors: FormErrors | null) {
  return {
    pageTitle: `Deactivate ${user.fullName}`,
    organisationName,
    user: { id: user.id, fullName: user.fullName, email: user.email },
    roles: roleLabels(roles),
    isCaller,
    errors,
  };
}
