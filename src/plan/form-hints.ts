/**
 * The rest of the official form's words (Bilag 1, ../shared/spec/bilag1.md): section
 * hints, placeholder hints, column hints and the closing sentence, which labels.ts (the
 * words that name fields) does not hold. The printed template uses them verbatim.
 */
export const FORM_HINT = {
  masterData: 'Indhentes af den koordinerende funktion inden det koordinerende møde',
  existingPlans: 'Information hertil indhentes inden koordinationsmødet og udarbejdes af den koordinerende funktion',
  challenges: 'Udarbejdes på det koordinerende møde',
  goals: 'Udarbejdes på det koordinerende møde',
  coordinator: '[Koordinators navn, stilling, organisation og kontaktoplysninger angives her]',
  participants: '[De inddragede parters navn, stilling, organisation og kontaktoplysninger angives her]',
  challengesIntro:
    'Med udgangspunkt i borgerens aktuelle status foretages en vurdering af, hvad der aktuelt er de primære eller akutte udfordringer. Det kan fx være, om borgeren følger den psykiatriske behandling eller stof-/alkoholbehandlingen, om der er behov for yderligere udredning, økonomiske forhold, sociale forhold som fx ensomhed, bolig, beskæftigelse eller uddannelse. Det er væsentligt, at borgeren selv er inddraget i forhold til identifikationen.',
  responsible: 'Hvem har ansvaret for indsatsen, herunder borgerens ansvar?',
  timeline: '(Overvej om indsatser skal være parallelle eller sekventielle indsatser)',
  followUp: 'Her skal evalueres i forhold til punkt 4, og foretages nødvendige ændringer',
  followUpLine: 'Opfølgende møde afholdes den',
  followUpMax: '(max 6 mdr. efter udarbejdelsen af indsatsplanen)',
  closing:
    'Den koordinerende indsatsplan skal vedlægges som bilag til behandlingsplan, handleplan m.v, og beslutninger skal indskrives i eksisterende planer.',
  /** Not the form's: the service's mark in the header of every page of a draft. */
  draftMark: 'KLADDE – ikke godkendt',
} as const;
