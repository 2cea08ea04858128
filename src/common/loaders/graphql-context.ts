import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/request-of.js';
import { RequestLoaders } from './request-loaders.js';

export interface GraphqlContext {
  req: AuthenticatedRequest;
  res: Response;
  loaders: RequestLoaders;
}

export function createGraphqlContext({ req, res }: { req: AuthenticatedRequest; res: Response }): GraphqlContext {
  return { req, res, loaders: new RequestLoaders() };
}
