import type { QuestionNumber } from '../../monitoring/ledger/key-questions.js';

/**
 * The guidance shown with each of the seven key questions: the prompts under each question and
 * its golden rule, from the HM Government flowchart as a local procedures chapter gives it
 * (shared/seeds/001), in plain words.
 */
export interface QuestionGuidance {
  /** The hint under the question. */
  hint: string;
  /** Things to consider, in the details component. */
  points: string[];
  /** The golden rule that goes with the question. */
  rule: string;
}

export const NOT_SURE_HINT = 'Seek advice from your manager, information governance lead or Caldicott Guardian before you decide. You will be asked whose advice you sought.';

export const KEY_QUESTION_GUIDANCE: Record<QuestionNumber, QuestionGuidance> = {
  1: {
    hint: 'Why do you, or the person asking, want the information? What outcome are you trying to achieve?',
    points: [
      'Could the aims be achieved without sharing the information?',
      'Do not assume that you need to share the whole case file.',
      "Follow your organisation's policies and procedures and, where it applies, your professional code.",
    ],
    rule: 'Golden rule 1: data protection law is not a barrier to sharing information. It provides a framework to make sure that personal information about living people is shared appropriately.',
  },
  2: {
    hint: 'Information about a living person who can be identified from it, on its own or with other information, is personal information: data protection law applies.',
    points: [
      'This is likely in the course of your work: be open about what information you might need to share and why.',
      'It may not be appropriate to tell the person, or to seek their consent, if that is likely to hamper the prevention or investigation of a serious crime, or put a child at risk of significant harm or an adult at risk of serious harm.',
      'If the person was told at the outset how and with whom their information might be shared, you will not usually need to tell them again.',
    ],
    rule: 'Golden rule 2: be open and honest with the person (and their family where appropriate) from the outset about why, what, how and with whom information will, or could, be shared, and seek their agreement, unless it is unsafe or inappropriate to do so.',
  },
  3: {
    hint: 'Confidential information is private or sensitive, is not already lawfully public or readily available elsewhere, and was given where the person could reasonably expect it would not be shared.',
    points: ['Not all information is confidential.', 'If the information is not confidential, you go on to consider whether you are sharing it appropriately and securely.'],
    rule: 'Golden rule 3: seek advice if you are in any doubt, without disclosing the identity of the person where possible.',
  },
  4: {
    hint: 'Seek consent where possible and respect the wishes of those who do not consent. You do not always need consent to share.',
    points: [
      'Do not seek consent where doing so would place a child at increased risk of significant harm or an adult at increased risk of serious harm, prejudice the prevention, detection or prosecution of a serious crime, or lead to unjustified delay in making enquiries about allegations of harm.',
      'Consent must be informed: the person must understand what will be shared, who will see it, why, and what sharing or not sharing means for them.',
      'Does the person have the capacity to decide on this occasion? If not, is someone else authorised to act for them?',
      'Generally there should be no surprises. Consent can be withdrawn at any time.',
    ],
    rule: 'Golden rule 4: share with consent where appropriate and, where possible, respect the wishes of those who do not consent to share confidential information. You may still share without consent if, in your judgement on the facts of the case, the lack of consent can be overridden in the public interest.',
  },
  5: {
    hint: 'Even without consent you may lawfully share if it can be justified in the public interest. Weigh up what might happen if the information is shared against what might happen if it is not.',
    points: [
      'Where you have a concern about a person, a refusal of consent does not necessarily mean you cannot share.',
      'A competent adult may make decisions that put themselves at risk but present no risk of significant harm to children or serious harm to other adults: then sharing without consent may not be justified.',
    ],
    rule: 'Golden rule 5: consider safety and well-being. Base your decision on the safety and well-being of the person and others who may be affected by their actions.',
  },
  6: {
    hint: 'Share only what is necessary for the purpose, only with those who need it, accurate and up to date, in good time and securely.',
    points: [
      'Distinguish clearly between fact and opinion.',
      'Understand the limits of any consent given, especially if the information came from a third party.',
      'Check who will see the information and send it securely, for example by secure email that meets the secure email standard.',
      'Tell the person you are sharing their information, if it is safe to do so and they have not already been told.',
    ],
    rule: 'Golden rule 6: necessary, proportionate, relevant, accurate, timely and secure. Share only what is necessary for the purpose, only with those who need it, accurate and up to date, in a timely fashion and securely.',
  },
  7: {
    hint: 'Record your decision and your reasons, whether you share or not: what you shared, with whom and for what purpose.',
    points: [
      "You are recording the decision here: answer yes once it is also in the person's case record, as your organisation requires.",
      'If you decided not to share, record that decision and the reasons for it too.',
    ],
    rule: 'Golden rule 7: keep a record of your decision and the reasons for it, whether it is to share information or not. If you decide to share, record what you shared, with whom and for what purpose.',
  },
};
