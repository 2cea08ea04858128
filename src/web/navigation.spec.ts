import type { Caller } from '../common/auth/caller.js';
import { Role } from '../common/auth/role.js';
import { navigationFor, SECTIONS } from './navigation.js';

const caller = (roles: Role[]): Caller => ({ userId: 'u', organisationId: 'o', email: 'u@example.org', roles: new Set(roles) });
const hrefs = (roles: Role[], path = '/') => navigationFor(caller(roles), path).map((link) => link.href);

describe('navigationFor', () => {
  it('shows no menu before sign-in', () => {
    expect(navigationFor(undefined, '/sign-in')).toEqual([]);
  });

  it('gives a commissioner the dashboard', () => {
    expect(navigationFor(caller([Role.COMMISSIONER]), '/')).toEqual([{ href: '/dashboard', text: 'Dashboard', current: false }]);
  });

  it('marks the section being shown, and pages inside it, as current', () => {
    expect(navigationFor(caller([Role.COMMISSIONER]), '/dashboard')[0].current).toBe(true);
    expect(navigationFor(caller([Role.COMMISSIONER]), '/dashboard/report.pdf')[0].current).toBe(true);
    expect(navigationFor(caller([Role.COMMISSIONER]), '/dashboards')[0].current).toBe(false);
  });

  it('links only to pages that exist: roles whose journeys have not landed get no menu yet', () => {
    const dashboardOnly = SECTIONS.map((s) => ({ ...s, available: s.href === '/dashboard' }));
    for (const role of [Role.IG_LEAD, Role.SIGNATORY, Role.PRACTITIONER, Role.ORG_ADMIN, Role.SYSTEM_ADMIN]) expect(navigationFor(caller([role]), '/', dashboardOnly)).toEqual([]);
    expect(hrefs([Role.IG_LEAD])).toContain('/agreements');
  });

  it('gives each role its sections, in menu order, once each, when they exist', () => {
    const all = SECTIONS.map((s) => ({ ...s, available: true }));
    const menu = (roles: Role[]) => navigationFor(caller(roles), '/', all).map((link) => link.text);
    // An IG lead's in-tray holds the records of agreements signed on paper they confirm.
    expect(menu([Role.IG_LEAD])).toEqual(['Agreements', 'In-tray', 'Record a decision', 'Report an incident']);
    expect(menu([Role.SIGNATORY])).toEqual(['Agreements', 'In-tray']);
    expect(menu([Role.CALDICOTT_GUARDIAN])).toEqual(['Agreements', 'In-tray', 'Record a decision', 'Report an incident']);
    expect(menu([Role.PRACTITIONER])).toEqual(['Record a decision', 'Report an incident']);
    expect(menu([Role.ORG_ADMIN])).toEqual(['Organisation']);
    expect(menu([Role.COMMISSIONER, Role.ORG_ADMIN])).toEqual(['Dashboard', 'Organisation']);
    expect(menu([Role.SYSTEM_ADMIN])).toEqual(['Outbox']);
    expect(menu([])).toEqual([]);
  });

  it('shows a count beside a section only when something awaits there', () => {
    const signer = caller([Role.SIGNATORY]);
    expect(navigationFor(signer, '/', SECTIONS, { '/in-tray': 2 }).find((l) => l.href === '/in-tray')).toEqual({ href: '/in-tray', text: 'In-tray', current: false, count: 2 });
    expect(navigationFor(signer, '/', SECTIONS, { '/in-tray': 0 }).find((l) => l.href === '/in-tray')).toEqual({ href: '/in-tray', text: 'In-tray', current: false });
  });
});
