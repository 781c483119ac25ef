/**
 * The invitation's own words (Danish): field labels for problems, and the standard texts
 * of the document. The agenda follows the meeting leader's tasks in the FAQ (seed 001).
 */

export const LABEL = {
  citizenName: 'Borgerens navn',
  start: 'Mødets start',
  end: 'Mødets afslutning',
  location: 'Mødested',
  videoLink: 'Link til videomøde',
  coordinator: 'Koordinator',
  coordinatorName: 'Koordinatorens navn',
  coordinatorEmail: 'Koordinatorens sikre e-mailadresse',
  invitees: 'Inviterede',
  inviteeName: 'Navn på inviteret',
  inviteeEmail: 'Sikker e-mailadresse',
  previousMeetingDate: 'Dato for forrige koordinationsmøde',
  meeting: 'Mødetype',
  include: 'Bilag',
} as const;

export const TITLE = {
  first: 'Invitation til koordinationsmøde',
  followUp: 'Invitation til opfølgende koordinationsmøde',
} as const;

/** The calendar event's title: fixed words, so a shared calendar shows nothing personal. */
export const CALENDAR_SUMMARY = 'Koordinationsmøde';

export function introText(meeting: 'first' | 'followUp', citizenName: string, previousMeeting: string): string {
  if (meeting === 'followUp') {
    return `Du inviteres hermed til opfølgende koordinationsmøde om den koordinerende indsatsplan for ${citizenName}, som blev lagt på koordinationsmødet ${previousMeeting}.`;
  }
  return `Du inviteres hermed til første koordinationsmøde om en koordinerende indsatsplan for ${citizenName}.`;
}

export function defaultPurpose(meeting: 'first' | 'followUp', previousMeeting: string): string {
  if (meeting === 'followUp') {
    return (
      `Formålet med mødet er at følge op på indsatsplanen fra koordinationsmødet ${previousMeeting}: ` +
      'status på de aftalte indsatser, borgerens aktuelle situation, og hvilke indsatser der skal fortsætte, ændres eller tilføjes. ' +
      'Tag gerne indsatsplanen fra sidste møde med.'
    );
  }
  return (
    'Formålet med mødet er, at borgeren, borgerens netværk og de fagprofessionelle sammen skaber et overblik over borgerens situation, ' +
    'og at konkrete indsatser drøftes og aftales. Mødet munder ud i en fælles koordinerende indsatsplan med aftaler om den fremadrettede ' +
    'indsats og ansvarsfordeling. Planen skrives på mødet, og borgeren godkender den.'
  );
}

/** The agenda in the FAQ's order; a follow-up starts its status round from the previous plan. */
export function agenda(meeting: 'first' | 'followUp', previousMeeting: string): string[] {
  return [
    'Velkomst og kort præsentationsrunde; rammen for mødet sættes',
    meeting === 'followUp'
      ? `Borgerens aktuelle situation og status på indsatserne i indsatsplanen fra ${previousMeeting}, i en runde med udgangspunkt i borgeren`
      : 'Overblik over borgerens aktuelle situation, i en runde med udgangspunkt i borgeren',
    'Konkrete indsatser drøftes og aftales',
    'Aftale om, hvem af de fagprofessionelle der er koordinator frem til næste møde',
    'Dato og sted for næste koordinationsmøde',
    'Borgeren godkender indsatsplanen',
  ];
}

/** How to send apologies; the coordinator's address and number stand in the table above it. */
export function apologiesText(coordinator: { name: string; email: string; phone: string }): string {
  const ways = [coordinator.email ? 'sikker e-mail' : '', coordinator.phone ? 'telefon' : ''].filter(Boolean).join(' eller ');
  return (
    `Kan du ikke deltage, så meld afbud hurtigst muligt til koordinator ${coordinator.name}${ways ? ` på ${ways}` : ''}. ` +
    'Send gerne en kort status til mødet, så den kan indgå i indsatsplanen.'
  );
}

/** The meeting is about personal data, and the documents carry it: secure mail only. */
export function personalDataNote(planAttached: boolean): string {
  return (
    (planAttached
      ? 'Invitationen og den vedhæftede indsatsplan indeholder fortrolige personoplysninger, og det samme gør drøftelserne på mødet. '
      : 'Invitationen indeholder fortrolige personoplysninger, og det samme gør drøftelserne på mødet og den indsatsplan, der skrives der. ') +
    'Send dem kun videre med sikker e-mail, og opbevar dem efter din organisations regler.'
  );
}

/** Headings and labels of the printed invitation. */
export const HEADING = {
  when: 'Tid og sted',
  citizen: 'Borger',
  date: 'Dato',
  time: 'Tidspunkt',
  address: 'Adresse',
  room: 'Lokale',
  videoLink: 'Videomøde',
  previousMeeting: 'Forrige koordinationsmøde',
  purpose: 'Formål med mødet',
  agenda: 'Dagsorden',
  invitees: 'Inviterede',
  name: 'Navn',
  role: 'Stilling/rolle',
  organisation: 'Organisation',
  message: 'Praktiske oplysninger',
  coordinator: 'Koordinator og mødeleder',
  phone: 'Telefon',
  email: 'Sikker e-mail',
  attachments: 'Bilag',
  personalData: 'Fortrolige personoplysninger',
  confidential: 'Fortroligt – indeholder personoplysninger',
} as const;

/** Names of the enclosures, as the invitation lists them. */
export const ATTACHMENT = {
  calendar: 'Kalenderinvitation (.ics) til din kalender',
  planForm: 'Koordinerende indsatsplan, forudfyldt med borgerens stamoplysninger og kontaktpersoner (udfyldes på mødet)',
  article: 'Artiklen "Med den koordinerende indsatsplan løfter alle i flok" (Faxe Kommune), til dig, der ikke før har deltaget i et koordinationsmøde',
} as const;

/** The e-mail's subject: what an inbox list and a mail log show, so no name and nothing about health. */
export function mailSubject(meeting: 'first' | 'followUp', date: string): string {
  return `${TITLE[meeting]} ${date}`;
}

export function mailText(input: {
  inviteeName: string;
  meeting: 'first' | 'followUp';
  when: string;
  /** Address and room, and the video link: each on its own line when given. */
  place: string;
  videoLink: string;
  /** What is enclosed besides the invitation and the calendar file (ATTACHMENT's names). */
  enclosures: string[];
  coordinator: { name: string; title: string; organisation: string; phone: string; email: string };
}): string {
  const c = input.coordinator;
  return [
    `Kære ${input.inviteeName}`,
    '',
    `Du inviteres hermed til ${input.meeting === 'followUp' ? 'opfølgende ' : ''}koordinationsmøde ${input.when}.`,
    input.place ? `Sted: ${input.place}` : '',
    input.videoLink ? `Videomøde: ${input.videoLink}` : '',
    '',
    'Invitationen med formål, dagsorden og deltagere er vedhæftet som PDF, og mødet som kalenderinvitation (.ics), som du kan åbne i din kalender.',
    ...(input.enclosures.length ? ['Desuden er vedhæftet:', ...input.enclosures.map((e) => `– ${e}`)] : []),
    `Kan du ikke deltage, så meld afbud til mig på sikker e-mail til ${c.email}${c.phone ? ` eller telefon ${c.phone}` : ''}.`,
    '',
    'Invitationen indeholder fortrolige personoplysninger: send den kun videre med sikker e-mail.',
    '',
    'Venlig hilsen',
    c.name,
    [c.title, c.organisation].filter(Boolean).join(', '),
  ]
    .filter((line, i, all) => line !== '' || (all[i - 1] !== '' && i > 0))
    .join('\n')
    .trim();
}
