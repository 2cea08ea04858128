import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import type { AgreementSignature } from './agreement-signature.entity.js';
import type { AgreementVersion } from './agreement-version.entity.js';
import type { Agreement } from './agreement.entity.js';
import type { AgreementsService } from './agreements.service.js';

/** The agreements domain's per-request loaders, named in one place. */
export const agreementLoaders = {
  agreement: (ctx: GraphqlContext, service: AgreementsService) =>
    ctx.loaders.get<string, Agreement | undefined>('agreement', (ids) => service.byIds(ids)),
  versions: (ctx: GraphqlContext, service: AgreementsService) =>
    ctx.loaders.get<string, AgreementVersion[]>('agreementVersions', (ids) => service.versionsOf(ids)),
  signatures: (ctx: GraphqlContext, service: AgreementsService) =>
    ctx.loaders.get<string, AgreementSignature[]>('versionSignatures', (ids) => service.signaturesOf(ids)),
};
