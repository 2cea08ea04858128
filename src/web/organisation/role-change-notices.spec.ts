import { Role } from '../../common/auth/role.js';
import type { RoleHolders } from '../../organisations/role-holders.js';
import type { User } from '../../organisations/user.entity.js';
import { deactivationWarning, movedPostsOf, movedQuery, postsTakenBy, takenFromLines } from './role-change-notices.js';

const user = (id: string, fullName: string) => ({ id, fullName }) as User;
const A = user('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Ann Able');
const B = user('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Ben Best');
const holders = (h: Partial<RoleHolders>): RoleHolders => ({ igLead: null, caldicottGuardian: null, siro: null, dpo: null, signatories: [], ...h });
const AWAITING = [{ reference: 'ISP-2026-0001', title: 'Discharge', versionNumber: 2 }];

describe('whom a named post was taken from', () => {
  it('names the holder of each named post given to someone else, and no one for a post already theirs or a role many hold', () => {
    const now = holders({ caldicottGuardian: A, siro: B, signatories: [A] });
    expect(postsTakenBy([Role.CALDICOTT_GUARDIAN, Role.SIRO, Role.SIGNATORY, Role.DPO], now, B.id)).toEqual([{ role: Role.CALDICOTT_GUARDIAN, fromUserId: A.id }]);
    expect(postsTakenBy([Role.CALDICOTT_GUARDIAN], now, null)).toEqual([{ role: Role.CALDICOTT_GUARDIAN, fromUserId: A.id }]);
  });

  it('carries them in the address and reads back only well-formed ones', () => {
    const query = movedQuery([{ role: Role.CALDICOTT_GUARDIAN, fromUserId: A.id }, { role: Role.IG_LEAD, fromUserId: B.id }]);
    expect(query).toBe(`&moved=CALDICOTT_GUARDIAN.${A.id}&moved=IG_LEAD.${B.id}`);
    const params = new URLSearchParams(query.slice(1)).getAll('moved');
    expect(movedPostsOf(params)).toEqual([{ role: Role.CALDICOTT_GUARDIAN, fromUserId: A.id }, { role: Role.IG_LEAD, fromUserId: B.id }]);
    expect(movedPostsOf(['SIGNATORY.' + A.id, 'IG_LEAD.not-a-uuid', 'IG_LEAD', 42])).toEqual([]);
    expect(movedPostsOf(`DPO.${A.id}`)).toEqual([{ role: Role.DPO, fromUserId: A.id }]);
    expect(takenFromLines([{ role: Role.CALDICOTT_GUARDIAN, fromName: 'Ann Able' }])).toEqual(['Caldicott Guardian was taken from Ann Able: they no longer hold it.']);
  });
});

describe('deactivationWarning', () => {
  it('warns that the last one who may sign leaves the organisation unready, naming what awaits its signature', () => {
    const warning = deactivationWarning('Northshire Council', A.id, holders({ igLead: B, signatories: [A] }), AWAITING)!;
    expect(warning.postsLost).toEqual([]);
    expect(warning.unready).toBe('Northshire Council will not be ready to be a party to an agreement: no one will be able to sign for it.');
    expect(warning.lastSigner).toBe(true);
    expect(warning.awaiting).toEqual(['ISP-2026-0001 version 2: Discharge']);
  });

  it('names a named post lost; the IG lead’s loss makes the organisation unready', () => {
    const warning = deactivationWarning('Northshire Council', A.id, holders({ igLead: A, dpo: A, signatories: [B] }), AWAITING)!;
    expect(warning.postsLost).toEqual(['Northshire Council will have no IG lead.', 'Northshire Council will have no DPO.']);
    expect(warning.unready).toBe('Northshire Council will not be ready to be a party to an agreement: it will have no IG lead.');
    expect(warning.lastSigner).toBe(false);
    expect(warning.awaiting).toEqual(['ISP-2026-0001 version 2: Discharge']);
  });

  it('names the DPO lost without calling the organisation unready, and says nothing when nothing is lost', () => {
    const dpoOnly = deactivationWarning('X', A.id, holders({ igLead: B, dpo: A, signatories: [B] }), AWAITING)!;
    expect(dpoOnly).toEqual({ postsLost: ['X will have no DPO.'], unready: null, lastSigner: false, awaiting: [] });
    expect(deactivationWarning('X', A.id, holders({ igLead: B, signatories: [A, B] }), AWAITING)).toBeNull();
    // Another may still sign (a SIRO): not the last signer.
    expect(deactivationWarning('X', A.id, holders({ igLead: B, siro: B, signatories: [A] }), AWAITING)).toBeNull();
  });
});
