import { registerEnumType } from '@nestjs/graphql';

/** What a signed-in session is: a browser's cookie or an API bearer token. */
export enum SessionKind {
  BROWSER = 'BROWSER',
  API_TOKEN = 'API_TOKEN',
}

/** Plain-English names, for the pages. */
export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  [SessionKind.BROWSER]: 'Browser session',
  [SessionKind.API_TOKEN]: 'API token',
};

registerEnumType(SessionKind, {
  name: 'SessionKind',
  description: 'What a signed-in session is.',
  valuesMap: {
    BROWSER: { description: 'Browser session: signed in on the sign-in page; ends when idle or signed out' },
    API_TOKEN: { description: 'API token: from the login mutation; ends at its expiry or when revoked' },
  },
});
