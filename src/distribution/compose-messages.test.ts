import { describe, expect, it } from 'vitest';
import { mailSubject, mailText, type PlanMessageContext } from './compose-messages.js';

const context: PlanMessageContext = { citizenName: 'Mette Hansen', meetingDate: '2014-05-01', coordinatorName: 'Anne Koordinator', organisation: 'Roskilde Kommune, Misbrugscenter' };

describe('the plan’s secure e-mail', () => {
  it('tells a professional to enclose the plan with the plans it concerns, in words that read', () => {
    const text = mailText('participant', 'Peter Psykiater', context);
    expect(text.split('\n')).toEqual([
      'Kære Peter Psykiater',
      '',
      'Her er den koordinerende indsatsplan for Mette Hansen fra koordinationsmødet den 1. maj 2014, godkendt af borgeren.',
      'Planen er vedhæftet som PDF.',
      'Husk at vedlægge den som bilag til de eksisterende planer, den vedrører (fx behandlingsplan eller handleplan), og at skrive beslutningerne ind i dem.',
      '',
      'Beskeden og planen indeholder fortrolige personoplysninger: send dem kun videre med sikker e-mail.',
      '',
      'Venlig hilsen',
      'Anne Koordinator',
      'Roskilde Kommune, Misbrugscenter',
    ]);
    expect(mailSubject(context)).toBe('Koordinerende indsatsplan fra koordinationsmødet den 1. maj 2014');
  });

  it('does not sign the coordinator’s own copy with the coordinator’s name', () => {
    const text = mailText('coordinator', 'Anne Koordinator', context);
    expect(text).toContain('både som Word-fil (.docx)');
    expect(text).not.toContain('Husk at vedlægge');
    expect(text.endsWith('Venlig hilsen\nIndsatsplan, Roskilde Kommune, Misbrugscenter')).toBe(true);
    expect(text.split('Anne Koordinator')).toHaveLength(2); // only in the greeting
  });
});
