/**
 * The invitation to a coordination meeting as JSON (../shared/spec/api.md, "Invitation JSON").
 * The schema gives the types, the structural validation and the OpenAPI document; the rules
 * that need a clock or several fields at once live in validate-invitation.ts, so that a
 * half-filled invitation still parses and every problem is reported at once.
 */
import { z } from 'zod';
import { ContactSchema } from '../plan/schema.js';
import { limitedText, textLimitsDescription } from '../shared/text-limits.js';
import { UNKNOWN_FIELDS_NOTE } from '../shared/unknown-fields.js';

const text = (description: string) => limitedText().default('').meta({ description });
/** Date-time with its offset; the format is checked by the rules, with a Danish message. */
const dateTime = (description: string) =>
  z.string().max(60).default('').meta({ description, format: 'date-time', examples: ['2026-12-03T10:00:00+01:00'] });

/** A contact of the plan, with what an invitation says about the role and a missing e-mail. */
export const InviteeSchema = ContactSchema.extend({
  title: text('Stilling eller rolle (fx sagsbehandler, pårørende)'),
  email: text('Sikker e-mailadresse; tom: den inviterede skal inviteres på anden måde'),
}).meta({ id: 'Invitee' });

export const MeetingLocationSchema = z
  .object({
    address: text('Adresse'),
    room: text('Lokale'),
    videoLink: text('Link til videomøde (https), i stedet for eller ud over en adresse'),
  })
  .meta({ id: 'MeetingLocation' });

export const InvitationSchema = z
  .object({
    id: z
      .string()
      .max(200)
      .optional()
      .meta({
        description:
          'Fagsystemets egen, faste id for mødet. Giver kalenderbegivenheden et fast UID, så en ændret invitation opdaterer samme begivenhed. Uden id afledes UID af koordinatorens e-mail, borgeren og mødet (første møde / forrige mødes dato).',
      }),
    sequence: z
      .number()
      .int()
      .min(0)
      .max(2_147_483_647)
      .optional()
      .meta({
        description:
          'Revisionsnummer (iCalendar SEQUENCE): 0 for den første invitation, og det skal stige ved hver ændring af mødet (1, 2, ...). Udeladt: 0; en senere udsendelse med samme nummer gælder stadig som den nyeste, fordi dens DTSTAMP er senere (RFC 5546 2.1.5).',
      }),
    meeting: z.enum(['first', 'followUp']).default('first').meta({ description: 'first: første koordinationsmøde; followUp: opfølgende møde' }),
    citizen: z.object({ name: text('Borgerens navn') }).default(() => ({ name: '' })),
    start: dateTime('Mødets start med forskydning, fx 2026-12-03T10:00:00+01:00'),
    end: dateTime('Mødets afslutning med forskydning'),
    location: MeetingLocationSchema.default(() => ({ address: '', room: '', videoLink: '' })),
    coordinator: ContactSchema.default(() => ({ name: '', title: '', organisation: '', phone: '', email: '' })),
    invitees: z.array(InviteeSchema).max(100).default([]).meta({ description: 'De inviterede' }),
    previousMeetingDate: z
      .string()
      .max(40)
      .nullable()
      .default(null)
      .meta({ description: 'Dato for forrige koordinationsmøde (kræves ved et opfølgende møde)', format: 'date', examples: ['2026-06-04'] }),
    purpose: text('Mødets formål; tomt: standardteksten for første eller opfølgende møde'),
    message: text('En personlig hilsen eller praktiske oplysninger fra koordinator (vises i invitationen, ikke i kalenderen)'),
    showCitizenNameInCalendar: z
      .boolean()
      .default(false)
      .meta({ description: 'Borgerens navn i kalenderbegivenhedens titel (kalendere er sjældent fortrolige; standard: nej)' }),
  })
  .meta({ id: 'Invitation', title: 'Invitation til koordinationsmøde', description: `${textLimitsDescription('invitationen')} ${UNKNOWN_FIELDS_NOTE}` });

export const BundleIncludeSchema = z
  .object({
    planForm: z.boolean().default(false).meta({ description: 'Den udfyldelige indsatsplan, forudfyldt med borgerens navn og de inviterede' }),
    article: z.boolean().default(false).meta({ description: 'Artiklen "Med den koordinerende indsatsplan løfter alle i flok" til nye deltagere' }),
    docx: z.boolean().default(false).meta({ description: 'Invitationen også som .docx' }),
  })
  .meta({ id: 'InvitationBundleInclude' });

export const InvitationBundleRequestSchema = InvitationSchema.extend({
  include: BundleIncludeSchema.default(() => ({ planForm: false, article: false, docx: false })),
}).meta({ id: 'InvitationBundleRequest', title: 'Invitation med bilag (zip)' });

export type Invitation = z.infer<typeof InvitationSchema>;
export type InvitationInput = z.input<typeof InvitationSchema>;
export type Invitee = z.infer<typeof InviteeSchema>;
export type InvitationBundleRequest = z.infer<typeof InvitationBundleRequestSchema>;
