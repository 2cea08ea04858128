import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { TokenService } from './token.service.js';

@Module({
  providers: [AuthService, TokenService, LoginThrottleService, AuthResolver, { provide: APP_GUARD, useClass: AuthenticationGuard }],
  exports: [AuthService],
})
export class AuthModule {}
