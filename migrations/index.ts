import { Foundation1795000000000 } from './1795000000000-foundation.js';
import { Agreements1795100000000 } from './1795100000000-agreements.js';
import { Documents1795200000000 } from './1795200000000-documents.js';
import { Ledger1795300000000 } from './1795300000000-ledger.js';
import { DecisionRollups1795400000000 } from './1795400000000-decision-rollups.js';
import { RollupKeyOrder1795500000000 } from './1795500000000-rollup-key-order.js';
import { MinutesBuckets1795600000000 } from './1795600000000-minutes-buckets.js';
import { AuditChainHead1795650000000 } from './1795650000000-audit-chain-head.js';
import { UserSessions1795700000000 } from './1795700000000-user-sessions.js';
import { AuditAppend1795800000000 } from './1795800000000-audit-append.js';
import { LedgerPartitions1795900000000 } from './1795900000000-ledger-partitions.js';
import { WriteRateLimit1796050000000 } from './1796050000000-write-rate-limit.js';
import { DecisionListIndex1796100000000 } from './1796100000000-decision-list-index.js';
import { LedgerClaimGuard1796200000000 } from './1796200000000-ledger-claim-guard.js';
import { PartnershipRollups1796300000000 } from './1796300000000-partnership-rollups.js';
import { LedgerReferenceChecks1796400000000 } from './1796400000000-ledger-reference-checks.js';
import { CaseHashCheck1796500000000 } from './1796500000000-case-hash-check.js';
import { LedgerReferenceLocks1796600000000 } from './1796600000000-ledger-reference-locks.js';
import { PendingRollups1796700000000 } from './1796700000000-pending-rollups.js';
import { DropDecidedOrderIndex1796800000000 } from './1796800000000-drop-decided-order-index.js';
import { DropLedgerRequestHash1796900000000 } from './1796900000000-drop-ledger-request-hash.js';
import { FrozenVersionFacts1797000000000 } from './1797000000000-frozen-version-facts.js';
import { OrganisationAssurance1797100000000 } from './1797100000000-organisation-assurance.js';
import { CountingOneThing1797200000000 } from './1797200000000-counting-one-thing.js';
import { SignedOriginals1797300000000 } from './1797300000000-signed-originals.js';
import { LoginAttempts1797500000000 } from './1797500000000-login-attempts.js';

/** Every migration, oldest first. A merged migration is never edited: add a new one. */
export const MIGRATIONS = [Foundation1795000000000, Agreements1795100000000, Documents1795200000000, Ledger1795300000000, DecisionRollups1795400000000, RollupKeyOrder1795500000000, MinutesBuckets1795600000000, AuditChainHead1795650000000, UserSessions1795700000000, AuditAppend1795800000000, LedgerPartitions1795900000000, WriteRateLimit1796050000000, DecisionListIndex1796100000000, LedgerClaimGuard1796200000000, PartnershipRollups1796300000000, LedgerReferenceChecks1796400000000, CaseHashCheck1796500000000, LedgerReferenceLocks1796600000000, PendingRollups1796700000000, DropDecidedOrderIndex1796800000000, DropLedgerRequestHash1796900000000, FrozenVersionFacts1797000000000, OrganisationAssurance1797100000000, CountingOneThing1797200000000, SignedOriginals1797300000000, LoginAttempts1797500000000];
