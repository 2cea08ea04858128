import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { CsrfGuard } from './csrf.guard.js';
import { DocumentRateLimitService } from './document-rate-limit.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordLinksResolver } from './password-links/password-links.resolver.js';
import { PasswordLinksService } from './password-links/password-links.service.js';
import { SessionService } from './session.service.js';
import { TokenService } from './token.service.js';
import { WriteRateLimitService } from './write-rate-limit.service.js';

@Module({
  providers: [
    AuthService,
    TokenService,
    SessionService,
    LoginThrottleService,
    AuthResolver,
    WriteRateLimitService,
    DocumentRateLimitService,
    PasswordLinksService,
    PasswordLinksResolver,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    // After authentication: a request with a dead session is told to sign in, not that its form is stale.
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [AuthService, PasswordLinksService],
})
export class AuthModule {}
