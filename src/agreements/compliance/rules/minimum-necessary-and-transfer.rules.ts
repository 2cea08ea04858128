import { SecureEmailMethod } from '../../../organisations/organisation.enums.js';
import { INSECURE_TRANSFER_METHODS, SECURE_EMAIL_TRANSFER_METHODS } from '../../agreement.enums.js';
import type { PartyFacts } from '../compliance-input.js';
import { allAnonymised, blank, identifying, itemsOf } from './content-facts.js';
import { CALDICOTT, DCB1596, golden, ico, refs } from './guidance-references.js';
import { rule } from './rule-builder.js';
import { itemLabel, listOf, METHOD_LABEL, quote } from './rule-wording.js';

// Minimum necessary and secure transfer.

export const identifiableItemWithoutJustification = rule('IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION', (input, report) =>
  itemsOf(input)
    .filter(({ item }) => identifying(item) && blank(item.justification))
    .map(({ item, flow, field }) =>
      report.blocker(
        `${field}.justification`,
        `Say why ${itemLabel(item, flow)} is needed. Identifiable or pseudonymised items must be justified as the minimum necessary for the purpose.`,
        refs(CALDICOTT[3], golden(6)),
      ),
    ),
);

export const insecureTransferMethod = rule('INSECURE_TRANSFER_METHOD', ({ content }, report) =>
  content.dataFlows.flatMap((flow, index) => {
    if (!flow.transferMethod || !INSECURE_TRANSFER_METHODS.includes(flow.transferMethod)) return [];
    const field = `dataFlows[${index}].transferMethod`;
    const method = METHOD_LABEL[flow.transferMethod];
    const reference = refs(golden(6), DCB1596);
    if (allAnonymised(flow)) {
      return [
        report.warning(
          field,
          `Flow ${quote(flow.name)} is sent by ${method}, which is not secure. It carries only anonymised information, so this is allowed, but check the information really is anonymised and prefer a secure method.`,
          reference,
        ),
      ];
    }
    const items = flow.dataItems.filter(identifying).map((item) => quote(item.name));
    return [
      report.blocker(
        field,
        `Flow ${quote(flow.name)} sends identifiable or pseudonymised information (${listOf(items)}) by ${method}, which is not secure. Use NHSmail or other DCB1596-accredited secure email, MESH, or another secure method.`,
        reference,
      ),
    ];
  }),
);

export const noTransferMethod = rule('NO_TRANSFER_METHOD', ({ content }, report) =>
  content.dataFlows.flatMap((flow, index) =>
    flow.transferMethod
      ? []
      : [
          report.blocker(
            `dataFlows[${index}].transferMethod`,
            `Flow ${quote(flow.name)} does not say how the information is sent. Choose a transfer method.`,
            refs(ico('Security'), golden(6)),
          ),
        ],
  ),
);

export const secureEmailWithoutAccreditation = rule('SECURE_EMAIL_WITHOUT_ACCREDITATION', (input, report) =>
  input.content.dataFlows.flatMap((flow, index) => {
    if (!flow.transferMethod || !SECURE_EMAIL_TRANSFER_METHODS.includes(flow.transferMethod)) return [];
    const ends = [...new Set([flow.fromOrganisationId, flow.toOrganisationId])];
    const unaccredited = ends
      .map((organisationId) => input.parties.find((party) => party.organisationId === organisationId))
      .filter((party): party is PartyFacts => party !== undefined && party.secureEmailMethod === SecureEmailMethod.NONE)
      .map((party) => party.organisationName);
    if (unaccredited.length === 0) return [];
    return [
      report.blocker(
        `dataFlows[${index}].transferMethod`,
        `Flow ${quote(flow.name)} is sent by ${METHOD_LABEL[flow.transferMethod]}, but ${listOf(unaccredited)} ${unaccredited.length > 1 ? 'have' : 'has'} no secure email that meets the DCB1596 standard. Set up NHSmail or an accredited service, or choose another secure method.`,
        DCB1596,
      ),
    ];
  }),
);
