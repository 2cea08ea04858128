import type { Caller } from '../common/auth/caller.js';
import { Role } from '../common/auth/role.js';

export interface NavigationLink {
  href: string;
  text: string;
  /** The page being shown is this section (or inside it). */
  current: boolean;
  /** What awaits the caller there (the in-tray's count), shown beside the link; left out when nothing does. */
  count?: number;
}

interface Section {
  href: string;
  text: string;
  /** Who the link is for: a caller with any of these roles sees it. */
  roles: readonly Role[];
  /** Whether the section's pages exist yet: a link is only shown to a page that is there. */
  available: boolean;
}

const SIGNERS = [Role.SIGNATORY, Role.CALDICOTT_GUARDIAN, Role.SIRO];
const RECORDERS = [Role.PRACTITIONER, Role.IG_LEAD, Role.CALDICOTT_GUARDIAN, Role.SIRO, Role.DPO];

/** The sections of the service, in menu order. Each journey turns its section on when its pages land. */
export const SECTIONS: readonly Section[] = [
  { href: '/dashboard', text: 'Dashboard', roles: [Role.COMMISSIONER], available: true },
  { href: '/agreements', text: 'Agreements', roles: [Role.IG_LEAD, ...SIGNERS, Role.DPO], available: true },
  { href: '/in-tray', text: 'In-tray', roles: [...SIGNERS, Role.IG_LEAD], available: true },
  { href: '/decisions/new', text: 'Record a decision', roles: RECORDERS, available: true },
  { href: '/incidents/new', text: 'Report an incident', roles: RECORDERS, available: true },
  { href: '/organisation', text: 'Organisation', roles: [Role.ORG_ADMIN], available: true },
  { href: '/outbox', text: 'Outbox', roles: [Role.SYSTEM_ADMIN], available: true },
];

/** The menu for a caller on a page (none before sign-in). Pure. */
export function navigationFor(caller: Caller | undefined, path: string, sections: readonly Section[] = SECTIONS, counts: Readonly<Record<string, number>> = {}): NavigationLink[] {
  if (!caller) return [];
  return sections
    .filter((section) => section.available && section.roles.some((role) => caller.roles.has(role)))
    .map((section) => ({
      href: section.href,
      text: section.text,
      current: path === section.href || path.startsWith(`${section.href}/`),
      ...(counts[section.href] ? { count: counts[section.href] } : {}),
    }));
}
