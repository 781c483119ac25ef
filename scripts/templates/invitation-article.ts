/**
 * templates/invitation-article.docx: the article "Med den koordinerende indsatsplan løfter alle i
 * flok" (Faxe Kommune, faxeifaellesskab.dk, 2017), which the FAQ (seed 001) suggests sending with
 * an invitation to professionals who have not been to a coordination meeting before. The text
 * is the article's own (seed 003), without the web site's navigation and footer, and without
 * one line that pointed to a link ("... er tilgængeligt her.") the printed copy cannot carry.
 * A static document: it is converted to PDF as it is, not filled.
 */
import { buildDocx } from '../../src/docx/build-docx.js';
import { paragraph, tab, type Xml } from '../../src/docx/ooxml.js';
import type { StyleDef } from '../../src/docx/styles.js';

export const name = 'invitation-article';

export const ARTICLE = {
  title: 'Med den koordinerende indsatsplan løfter alle i flok',
  subtitle: 'Historien bag Forløbsprogram for mennesker med psykisk lidelse og samtidigt misbrug og Den koordinerende indsatsplan',
  history: [
    'I efteråret 2014 udgav Sundhedsstyrelsen og Socialstyrelsen ”Retningslinjer for udarbejdelse af koordinerende indsatsplaner”.',
    'Repræsentanter fra praksisområdet, kommunerne og psykiatrien i Region Sjælland ”samskabte” og tilpassede i foråret 2015 den koordinerende indsatsplan til Region Sjællands lokale forhold.',
    'I efteråret 2015 søgte og fik Psykiatrien Øst og Faxe, Køge, Lejre og Roskilde kommuner i Region Sjælland midler til udvikling af Forløbsprogram for mennesker med psykisk lidelse og samtidigt misbrug.',
    'I 2017 har samtlige tre voksenpsykiatriske afdelinger og 17 kommuner i Region Sjælland tilsluttet sig Forløbsprogram for mennesker med psykisk lidelse og samtidigt misbrug.',
    'Formålet med forløbsprogrammet er at formalisere samarbejdet med og omkring borgere over 18 år med psykisk lidelse og samtidigt misbrug og sikre borgerne kvalitet og sammenhæng i deres forløb.',
    'Koordinerende indsatsplan er det centrale samarbejdsredskab i forløbsprogrammet. Indsatsplanen fungerer både som mødeforberedelse, dagsorden, referat og som en fælles plan med aftaler om den fremadrettede indsats og ansvarsfordeling. Alle kan opstarte den koordinerende indsatsplan, uanset om man er ansat i kommune, i psykiatrien eller en tredje organisation.',
    'Koordinationsmødet er der hvor borgeren/patienten, dennes netværk og de fagprofessionelle skaber et overblik over vedkommendes situation, og konkrete indsatser drøftes og aftales.',
    'Forløbsprogrammet er pr. 1. december 2017, overgået til drift i Psykiatrien og de 17 kommuner i Region Sjælland.',
  ],
  heading: 'At arbejde på tværs af fagligheder og sektorer er afgørende for kvaliteten af indsatser målrettet borgere med psykisk lidelse og samtidigt misbrug',
  body: [
    'De involverede fagpersoner oplever den koordinerende indsatsplan som et samarbejdsværktøj, der optimerer hjælpen til borgerne ved at skabe en helhedsorienteret indsats. Årsagen til succesen er blandt andet det personlige møde imellem fagpersoner og borger, og en plan, der er nem at gå til. Der er et tydeligt før og et tydeligt efter, når det gælder arbejdet med den koordinerende indsatsplan.',
    'Den koordinerende indsatsplan er det centrale samarbejdsredskab i Forløbsprogram for mennesker med psykisk lidelse og samtidigt misbrug. Dét er den samstemmende melding fra hele paletten af forskellige fagpersoner fra henholdsvis behandlingspsykiatri, socialpsykiatri, jobcenter og rusmiddelcenter, der alle bruger Region Sjællands indsatsplan. Fordi – vi lykkes kun, når flere fagligheder samarbejder om, at lægge trædesten for det bedst mulige liv for borgeren.',
    'Vi hjælper borgerne bedre end tidligere, efter den koordinerende indsatsplan er taget i brug. Borgerne fortæller, at de oplever en større sammenhæng og en god dialog mellem de forskellige fagpersoner. Arbejder vi ikke sammen hele vejen rundt, falder den gruppe af borgere gennem systemet. Borgernes samlede sociale situation, misbrug og psykiske lidelse hænger sammen. Derfor skal de hjælpes både med psykiatrisk behandling i regionen og misbrugsbehandling i kommunen. Dertil, og ikke mindst, er der meget ofte andre parallelle indsatser, som skal koordineres, fra f.eks. Jobcentret, Jobrehabiliteringscentret og Socialpsykiatrien.',
  ],
  closing: 'Sammen lægger vi trædesten for det gode liv.',
  source: 'Kilde: Faxe Kommune, faxeifaellesskab.dk. Sendes med invitationen til fagpersoner, der ikke før har deltaget i et koordinationsmøde.',
} as const;

const styles: StyleDef[] = [
  { id: 'Lead', name: 'Manchet', type: 'paragraph', basedOn: 'Normal', primary: true, run: { italic: true, sizePt: 12 }, paragraph: { spaceAfterPt: 10 } },
  { id: 'Bullet', name: 'Punkt', type: 'paragraph', basedOn: 'Normal', paragraph: { spaceAfterPt: 4 } },
  { id: 'Source', name: 'Kilde', type: 'paragraph', basedOn: 'Normal', run: { italic: true, sizePt: 9, color: '595959' }, paragraph: { spaceBeforePt: 12 } },
];

export function build(): Buffer {
  const body: Xml[] = [
    paragraph(ARTICLE.title, { style: 'Title' }),
    paragraph(ARTICLE.subtitle, { style: 'Lead' }),
    ...ARTICLE.history.map((t) => paragraph(['•', tab(), t], { style: 'Bullet', indentMm: 6, hangingMm: 6 })),
    paragraph(ARTICLE.heading, { style: 'Heading1' }),
    ...ARTICLE.body.map((t) => paragraph(t)),
    paragraph(ARTICLE.closing, { style: 'Heading2' }),
    paragraph(ARTICLE.source, { style: 'Source' }),
  ];
  return buildDocx({ title: ARTICLE.title, subject: 'Artikel til nye deltagere i koordinationsmøder', creator: 'Faxe Kommune', styles, body });
}
