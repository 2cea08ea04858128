import { Global, Module } from '@nestjs/common';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({ providers: [AuditService, AuditResolver, AuditAnchorService], exports: [AuditService] })
export class AuditModule {}
