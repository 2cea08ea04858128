import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import { AuditService } from './audit.service.js';
import { AuditChainVerification } from './dto/audit-chain-verification.type.js';
import { AuditEntriesArgs } from './dto/audit-entries.args.js';
import { AuditEntryConnection } from './dto/audit-entry-connection.type.js';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnection, { description: 'The audit log, oldest first. SYSTEM_ADMIN only.' })
  auditEntries(@CurrentCaller() caller: Caller, @Args() args: AuditEntriesArgs) {
    return this.audit.entries(caller, args);
  }

  @Query(() => AuditChainVerification, { description: 'Re-hashes the audit chain to detect tampering. SYSTEM_ADMIN only.' })
  auditChainVerification(@CurrentCaller() caller: Caller) {
    return this.audit.verifyChain(caller);
  }
}
