/**
 * Words and passwords refused beyond zxcvbn's list of common passwords: the service's own
 * vocabulary, which a guesser aiming at an information governance service tries first, and the
 * usual "work password" shapes. Lower case; matched inside a password as well as whole.
 */
export const PASSWORD_DENY_LIST: readonly string[] = [
  'accordant', 'password', 'passw0rd', 'p@ssword', 'p@ssw0rd', 'changeme', 'changeit', 'letmein', 'welcome', 'welcome1',
  'default', 'temporary', 'temppassword', 'newpassword', 'mypassword', 'secret', 'qwerty', 'iloveyou', 'admin', 'administrator',
  'nhsmail', 'nhsnet', 'caldicott', 'caldicottguardian', 'guardian', 'governance', 'informationgovernance', 'infogov', 'igteam',
  'dataprotection', 'gdpr', 'ukgdpr', 'confidential', 'confidentiality', 'safeguarding', 'sharing', 'datasharing',
  'agreement', 'protocol', 'signatory', 'practitioner', 'commissioner', 'dspt', 'toolkit', 'spine', 'smartcard',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'spring', 'summer', 'autumn', 'winter', 'christmas',
];
