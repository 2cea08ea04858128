import { blank, carriesIdentifyingData } from './content-facts.js';
import { CALDICOTT, golden, ico, refs } from './guidance-references.js';
import { rule } from './rule-builder.js';

// Transparency, security and breaches.

export const noTransparency = rule('NO_TRANSPARENCY', (input, report) =>
  blank(input.content.consentAndTransparency?.howIndividualsAreInformed) && carriesIdentifyingData(input)
    ? [
        report.warning(
          'consentAndTransparency.howIndividualsAreInformed',
          'The agreement does not say how people are told that their information is shared (for example privacy notices, leaflets or welcome packs). Be open about why, what, how and with whom information is shared.',
          refs(CALDICOTT[8], golden(2)),
        ),
      ]
    : [],
);

export const noSecurityMeasures = rule('NO_SECURITY_MEASURES', ({ content }, report) =>
  blank(content.security?.measures)
    ? [
        report.warning(
          'security.measures',
          'The agreement does not describe the security measures each party keeps. Say how shared information is protected.',
          refs(ico('Security'), golden(6)),
        ),
      ]
    : [],
);

export const noBreachProcess = rule('NO_BREACH_PROCESS', ({ content }, report) =>
  blank(content.breaches?.process)
    ? [
        report.warning(
          'breaches.process',
          'The agreement does not say how breaches and near misses are reported between the parties and escalated.',
          ico('Data sharing agreements'),
        ),
      ]
    : [],
);
