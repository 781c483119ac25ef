/**
 * The official form's own words (Bilag 1), used by the templates, the rules and the reader.
 * The schema takes its descriptions from here, so nothing here imports the schema.
 */

export const FORM_TITLE = 'Koordinerende indsatsplan';

export const SECTION = {
  masterData: '1. Stamoplysninger',
  existingPlans: '2. Afdækning af status, mål og indsatser i eksisterende planer',
  challenges: '3. Identifikation af primære og/eller akutte udfordringer',
  goals: '4. Fælles mål og prioritering',
  followUp: '5. Opfølgning',
} as const;

export const LABEL = {
  name: 'Navn',
  cpr: 'Cpr. nr.',
  address: 'Adresse',
  phone: 'Telefon',
  grounds: 'Grundlag for indsatsplan',
  consent: 'Samtykke',
  coordinator: 'Koordinator',
  participants: 'Deltagere i koordinationsmødet',
  meetingDate: 'Dato for koordinationsmødet',
  approvedByCitizen: 'Indsatsplan er godkendt af borger',
  challenges: 'Primære eller akutte udfordringer i prioriteret rækkefølge',
  goal: 'Mål',
  task: 'Indsatser eller opgaver',
  successCriteria: 'Succeskriterier',
  responsible: 'Rollefordeling',
  timeline: 'Tidsplan for indsatser',
  followUpDate: 'Dato for opfølgning',
  referralDate: 'Dato for indstilling',
  relatives: 'Pårørende',
  relativesConsent: 'Samtykke til inddragelse af pårørende',
  status: 'Status',
  existingGoal: 'Mål',
  existingIntervention: 'Indsats',
} as const;

export const GROUND_TEXT = {
  inPsychiatricTreatment: 'Borgeren er patient i den ambulante psykiatri, har en psykiatrisk diagnose eller er i udredning herfor.',
  inSubstanceTreatment: 'Borgeren er i stof- og/eller alkoholbehandling eller er henvist hertil',
  needsPsychiatricTreatment: 'Borgeren vurderes at have behov for psykiatrisk behandling, men er aktuelt ikke patient eller under udredning.',
  needsSubstanceTreatment: 'Borgeren vurderes at have behov for stof- og/eller alkoholbehandling, men er aktuelt ikke i behandling eller henvist hertil.',
} as const;

export const GROUNDS_HINT = 'Der skal min. være én afkrydsning i den øverste del.';
export const CONSENT_TEXT = 'Borgeren har givet samtykke til, at der indhentes og udveksles informationer samt udarbejdes en indsatsplan.';

/** The existing plans of section 2, by their key in the plan JSON (schema.ts checks that every key has one). */
export const EXISTING_PLAN_LABEL = {
  drugTreatment: 'Behandlingsplan(er) for stofmisbrug (Serviceloven § 141, sundhedsloven § 142)',
  alcoholTreatment: 'Behandlingsplan for alkoholafhængighed',
  psychiatricTreatment: 'Psykiatrisk behandlingsplan (Psykiatriloven § 3 stk. 3)',
  dischargeAgreement: 'Udskrivningsaftale (Psykiatriloven § 13 a)',
  coordinationPlan: 'Koordinationsplan (Psykiatriloven § 13 b)',
  socialActionPlan: 'Social handleplan (Serviceloven § 141)',
  educationOrJobPlan: 'Uddannelsesplan eller jobplan',
  other: 'Andet',
} as const;

export const NOTE = {
  masterData: [
    'Hvis borgeren ikke er i psykiatrisk behandling, kan psykiatrien ikke inddrages i forhold til den konkrete person. Psykiatrien kan have en rådgivnings-/sparringsfunktion for den kommunale stof-/alkoholbehandling og den praktiserende læge ift. at tilrettelægge den øvrige indsats bedst muligt og arbejde hen mod en psykiatrisk udredning.',
    'Samme forhold vil gøre sig gældende, hvis borgeren ikke aktuelt er i stof- eller alkoholbehandling, men vurderes at have behov herfor.',
  ],
  challenges: [
    'Identifikationen af de primære eller akutte udfordringer er de som der fælles arbejdes videre med. Andre indsatser inden for de eksisterende planer gennemføres som planlagt, forudsat det er foreneligt med konklusionerne i forhold til identifikationen af de primære eller akutte udfordringer.',
  ],
  goals: [
    'Husk at borgeren skal inddrages i forhold til fælles mål og prioritering. Inddragelsen kan enten ske gennem deltagelse i mødet, gennem forudgående samtale eller lign. Den konkrete inddragelse afpasses borgerens ønsker, behov og præferencer.',
    'Det kan aftales med borgeren, hvordan behandlere skal reagere i tilfælde, hvor borgeren udebliver fra en aftalt behandling.',
  ],
  followUp: [
    'De koordinerende parter, der deltager i indsatsplanen, skal minimum mødes en gang halvårligt til et fælles møde. Opfølgningsdatoen skal tilpasses borgerens individuelle forløb og behov. Ved ændringer i borgerens situation (fx hvis borgeren afbryder en behandling) kan mødet fremrykkes, såfremt borgeren fortsat ønsker en koordinerende indsatsplan.',
  ],
} as const;
