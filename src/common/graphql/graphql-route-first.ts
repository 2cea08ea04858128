import type { NestExpressApplication } from '@nestjs/platform-express';

/** What this needs of a layer of express's router (the `router` package). */
interface RouterLayer {
  name?: string;
  rawPath?: unknown;
  route?: unknown;
}

/**
 * Moves the GraphQL endpoint to just after the JSON body parser. The Apollo driver adds it when the
 * app initialises, after every controller's route, so each GraphQL request was matched against all
 * ~80 of them, and before that went through the parsers of the other bodies (PDF, NDJSON, forms)
 * and the static assets' mounts, none of which it uses: together about a fifth of what the app added
 * to a bare Apollo server (bench/RESULTS.md, GraphQL overhead). Everything before the JSON parser
 * (the security headers, the request log) still applies to it, and a body the parser refuses still
 * reaches the body errors' handler (express skips other layers on an error). The app must be
 * initialised (`app.init()`).
 */
export function routeGraphqlFirst(app: NestExpressApplication, path: string): void {
  const stack = (app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } }).router.stack;
  const firstRoute = stack.findIndex((layer) => layer.route !== undefined);
  const graphql = stack.filter((layer, i) => i > firstRoute && layer.route === undefined && layer.rawPath === path);
  if (firstRoute === -1 || graphql.length === 0) throw new Error(`no ${path} handler found after the routes: has the app been initialised?`);
  const rest = stack.filter((layer) => !graphql.includes(layer));
  const json = rest.findIndex((layer) => layer.name === 'jsonParser');
  if (json === -1 || json > firstRoute) throw new Error('no JSON body parser before the routes');
  stack.splice(0, stack.length, ...rest.slice(0, json + 1), ...graphql, ...rest.slice(json + 1));
}
