import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';

/**
 * For a bare `ID` argument (`@Args('id', { type: () => ID }, ParseIdPipe)`): every id this service
 * gives out is a UUID, so anything else is refused as BAD_USER_INPUT naming the argument, before
 * it reaches PostgreSQL (where it would fail as an invalid uuid, a server error).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUUID(value, 'all')) return value;
    const field = metadata.data ?? 'id';
    throw DomainError.invalidFields([{ field, rule: 'isUuid', message: `${field} must be an id (UUID)` }]);
  }
}
