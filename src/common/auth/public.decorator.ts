import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'accordant:isPublic';

/** Marks a resolver or route that needs no signed-in user (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
