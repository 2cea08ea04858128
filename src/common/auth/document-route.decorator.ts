import { SetMetadata } from '@nestjs/common';

export const IS_DOCUMENT_ROUTE = 'accordant:isDocumentRoute';

/** Marks a controller or route that serves documents: counted against the caller's document rate limit. */
export const DocumentRoute = () => SetMetadata(IS_DOCUMENT_ROUTE, true);
