import { signingRoleOf } from '../../agreements/agreement-access-policy.js';
import { VersionStatus } from '../../agreements/agreement.enums.js';
import type { Caller } from '../../common/auth/caller.js';
import { versionPath } from './in-tray-view.js';

/** What of a version decides whether its page offers to sign it. */
export interface VersionToAnswer {
  number: number;
  status: VersionStatus;
  frozen: { parties: readonly { organisationId: string }[] };
}

/**
 * "Sign" and "Decline" for a version's page: only while it awaits signatures, to someone who may
 * sign for one of its parties that has not signed yet. Both lead to the signing page, where the
 * version is read in full first. Pure.
 */
export function signingActions(caller: Caller, agreementId: string, version: VersionToAnswer, signatures: readonly { organisationId: string }[]) {
  const mayAnswer =
    version.status === VersionStatus.AWAITING_SIGNATURES &&
    signingRoleOf(caller) !== null &&
    version.frozen.parties.some((p) => p.organisationId === caller.organisationId) &&
    !signatures.some((s) => s.organisationId === caller.organisationId);
  if (!mayAnswer) return null;
  const path = versionPath(agreementId, version.number);
  return { signHref: `${path}#sign-version`, declineHref: `${path}#decline-version` };
}
