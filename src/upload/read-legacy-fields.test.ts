/**
 * Legacy form fields (FORMCHECKBOX, FORMTEXT) in a local variant of the form: mapped by
 * the label in their row or by their bookmark name, with every way Word and other tools
 * write a checkbox's state.
 */
import { describe, expect, it } from 'vitest';
import { buildDocx } from '../docx/build-docx.js';
import { cell, paragraph, row, table, type Xml } from '../docx/ooxml.js';
import { CONSENT_TEXT, GROUND_TEXT, LABEL } from '../plan/labels.js';
import { openDocx } from './open-docx.js';
import { readLegacyFields } from './read-legacy-fields.js';

const LIMITS = { uploadBytes: 20_000_000, uploadUncompressedBytes: 100_000_000, uploadEntries: 1000 };
const EMPTY = '\u2002'.repeat(5);

/** A FORMTEXT field; `result` null is Word's untouched field (five EN SPACEs). */
const formText = (name: string, result: string | null, resultRuns?: string, hint?: string): Xml =>
  `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="${name}"/><w:enabled/><w:calcOnExit w:val="0"/><w:textInput>${hint ? `<w:default w:val="${hint}"/>` : ''}</w:textInput></w:ffData></w:fldChar></w:r>` +
  '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' +
  (resultRuns ?? `<w:r><w:t xml:space="preserve">${result ?? EMPTY}</w:t></w:r>`) +
  '<w:r><w:fldChar w:fldCharType="end"/></w:r>';

/** A FORMCHECKBOX field with the given w:checkBox children; the code split over two runs as Word may. */
const formBox = (name: string, state: string): Xml =>
  `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="${name}"/><w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>${state}</w:checkBox></w:ffData></w:fldChar></w:r>` +
  '<w:r><w:instrText xml:space="preserve"> FORMCHECK</w:instrText></w:r><w:r><w:instrText xml:space="preserve">BOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';

const line = (label: string, value: Xml | Xml[]) => row([cell(label), cell(Array.isArray(value) ? value : [value])]);
const docx = (body: Xml[]) => buildDocx({ title: 'Lokal variant', body });
const read = (body: Xml[]) => readLegacyFields(openDocx(docx(body), LIMITS));

/** Bilag 1's master data with legacy fields, as a municipality's own variant would have it. */
const localVariant = (overrides: { consentNo?: string } = {}): Xml[] => [
  paragraph('Koordinerende indsatsplan', { style: 'Title' }),
  paragraph('1. Stamoplysninger', { style: 'Heading1' }),
  table(
    [
      line(LABEL.name, paragraph([formText('Tekst1', null, `<w:r><w:t xml:space="preserve">Jens </w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>Peter Nielsen</w:t></w:r><w:proofErr w:type="spellEnd"/>`)])),
      line(LABEL.cpr, paragraph([formText('Tekst2', '010180-4000')])),
      // Untouched, showing the author's hint as its default text.
      line(LABEL.address, paragraph([formText('Tekst3', 'Skriv adressen', undefined, 'Skriv adressen')])),
      line(LABEL.phone, paragraph('20 30 40 50')),
      line(LABEL.grounds, [
        paragraph([formBox('Kontrol1', '<w:default w:val="0"/><w:checked/>'), ` ${GROUND_TEXT.inPsychiatricTreatment}`]),
        paragraph([formBox('Kontrol2', '<w:default w:val="1"/><w:checked w:val="0"/>'), ` ${GROUND_TEXT.inSubstanceTreatment}`]),
        paragraph([formBox('Kontrol3', '<w:default w:val="true"/>'), ` ${GROUND_TEXT.needsPsychiatricTreatment}`]),
        paragraph([formBox('Kontrol4', '<w:default\n  w:val="1"\n/>\n<w:checked\n  w:val="false"\n/>'), ` ${GROUND_TEXT.needsSubstanceTreatment}`]),
      ]),
      line(LABEL.consent, [
        paragraph(CONSENT_TEXT),
        paragraph([formBox('Kontrol5', '<w:checked w:val="1"/>'), ' Ja']),
        paragraph([formBox('Kontrol6', overrides.consentNo ?? '<w:default w:val="0"/>'), ' Nej']),
      ]),
      line(LABEL.coordinator, paragraph('Anne Andersen, socialrådgiver, Misbrugscenter Roskilde, tlf. 46 31 00 00')),
      line(LABEL.participants, paragraph('Peter Holm, overlæge, Distriktspsykiatrien')),
      line(LABEL.meetingDate, paragraph([formText('Tekst9', '1.5.2014')])),
      line(LABEL.referralDate, paragraph([formText('Tekst10', null)])),
      // Bookmark names a form author chose, outside the usual "Ja"/"Nej" order.
      line(LABEL.approvedByCitizen, [paragraph([formBox('godkendt_nej', '<w:default w:val="0"/>'), ' Nej']), paragraph([formBox('godkendt_ja', '<w:checked/>'), ' Ja'])]),
    ],
    { widthsMm: [50, 120] },
  ),
  paragraph('5. Opfølgning', { style: 'Heading1' }),
  table([line(LABEL.followUpDate, paragraph(['Opfølgende møde afholdes den ', formText('Tekst20', '1.10'), ' 20', formText('Tekst21', '14')]))], { widthsMm: [50, 120] }),
];

describe('readLegacyFields', () => {
  it('reads a local variant of Bilag 1 built with legacy form fields', () => {
    const res = read(localVariant())!;
    expect(res.source).toBe('legacy-fields');
    expect(res.plan.citizen).toEqual({ name: 'Jens Peter Nielsen', cpr: '010180-4000', address: '', phone: '20 30 40 50' });
    expect(res.plan.grounds).toEqual({ inPsychiatricTreatment: true, inSubstanceTreatment: false, needsPsychiatricTreatment: true, needsSubstanceTreatment: false });
    expect(res.plan.consent).toBe(true);
    expect(res.plan.approvedByCitizen).toBe(true);
    expect(res.plan.meetingDate).toBe('2014-05-01');
    expect(res.plan.followUpDate).toBe('2014-10-01');
    // The text around the fields is read by its layout.
    expect(res.plan.coordinator?.name).toBe('Anne Andersen');
    expect(res.plan.participants?.[0]?.name).toBe('Peter Holm');
    expect(res.problems).toEqual([]);
  });

  it('reports a box with a state it cannot read, and both Ja and Nej ticked, at their field', () => {
    const res = read(localVariant({ consentNo: '<w:checked w:val="1"/>' }))!;
    expect(res.plan.consent).toBeNull();
    expect(res.problems).toEqual([
      expect.objectContaining({ code: 'upload.box-unclear', path: '/consent', label: 'Samtykke', message: 'Både »Ja« og »Nej« er afkrydset ved »Samtykke«. Sæt kun ét kryds.' }),
    ]);
    // Ja is ticked, but Nej cannot be read: no guess.
    const unclear = read(localVariant({ consentNo: '<w:checked w:val="måske"/>' }))!;
    expect(unclear.plan.consent).toBeNull();
    expect(unclear.problems).toEqual([
      expect.objectContaining({ code: 'upload.box-unclear', path: '/consent', message: 'Afkrydsningen ved »Samtykke« kan ikke aflæses: »Nej« er hverken tydeligt afkrydset eller tomt, eller feltet mangler.' }),
    ]);
  });

  it('maps fields by their bookmark names when the layout is not the official one', () => {
    const res = read([
      paragraph(['Borger: ', formText('navn', 'Mette Hansen'), ', ', formText('cpr', '010180-4000')]),
      paragraph([formBox('samtykke_ja', '<w:checked/>'), ' samtykke givet ', formBox('samtykke_nej', '')]),
      paragraph(['Mødet: ', formText('moededato', '3. juni 2014')]),
    ])!;
    expect(res.plan).toEqual({ citizen: { name: 'Mette Hansen', cpr: '010180-4000' }, consent: true, meetingDate: '2014-06-03' });
    expect(res.problems).toEqual([]);
  });

  it('leaves documents without legacy fields, or with too few it knows, to the other readers', () => {
    expect(read([paragraph('Ingen felter her')])).toBeUndefined();
    expect(read([paragraph(['Noget: ', formText('Tekst1', 'x')])])).toBeUndefined();
  });
});
