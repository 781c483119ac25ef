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

export function apologiesText(coordinator: { name: string; email: string; phone: string }): string {
  const ways = [coordinator.email ? `sikker e-mail til ${coordinator.email}` : '', coordinator.phone ? `telefon ${coordinator.phone}` : '']
    .filter(Boolean)
    .join(' eller ');
  return (
    `Kan du ikke deltage, så meld afbud hurtigst muligt til koordinator ${coordinator.name}${ways ? ` på ${ways}` : ''}. ` +
    'Send gerne en kort status til mødet, så den kan indgå i indsatsplanen.'
  );
}

export const PERSONAL_DATA_NOTE =
  'Invitationen og den vedhæftede indsatsplan indeholder fortrolige personoplysninger. ' +
  'Send dem kun videre med sikker e-mail, og opbevar dem efter din organisations regler.';

export const INVITED_ELSEWHERE_NOTE = 'inviteres på anden måde';
