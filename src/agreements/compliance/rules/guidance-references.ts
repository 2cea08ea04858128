/** The exact names of the guidance each finding comes from. */

export const CALDICOTT = {
  1: 'Caldicott Principle 1: Justify the purpose(s) for using confidential information',
  2: 'Caldicott Principle 2: Use confidential information only when it is necessary',
  3: 'Caldicott Principle 3: Use the minimum necessary confidential information',
  4: 'Caldicott Principle 4: Access to confidential information should be on a strict need-to-know basis',
  5: 'Caldicott Principle 5: Everyone with access to confidential information should be aware of their responsibilities',
  6: 'Caldicott Principle 6: Comply with the law',
  7: 'Caldicott Principle 7: The duty to share information for individual care is as important as the duty to protect patient confidentiality',
  8: 'Caldicott Principle 8: Inform patients and service users about how their confidential information is used',
} as const;

export const golden = (n: 1 | 2 | 3 | 4 | 5 | 6 | 7) => `Golden rule ${n}`;
export const ico = (section: string) => `ICO Data Sharing Code: ${section}`;
export const refs = (...parts: string[]) => parts.join('; ');

export const DCB1596 = 'DCB1596 Secure Email';
export const DSPT = 'Data Security and Protection Toolkit';
export const ART_9_2 = 'UK GDPR Art 9(2)';
export const SCH_1 = 'DPA 2018 Sch 1';
export const ART_35 = 'UK GDPR Art 35';
export const ART_5_1_E = 'UK GDPR Art 5(1)(e)';
export const OPT_OUT = 'National data opt-out policy';
export const IMPLIED_CONSENT_GUIDANCE = 'Health and care guidance: implied consent is for individual care only';
export const ANONYMISATION_GUIDANCE = 'ICO anonymisation guidance';
