import { describe, expect, it } from 'vitest';
import { ATTACHMENT, mailText } from './texts.js';

const coordinator = { name: 'Birgitte Ærø Sørensen', title: 'Sagsbehandler', organisation: 'Roskilde Kommune', phone: '46 31 00 00', email: 'birgitte.soerensen@roskilde.dk' };
const base = { inviteeName: 'Åse Østergård', meeting: 'first' as const, when: 'torsdag den 3. december 2026 kl. 10.00–11.30', place: '', videoLink: '', enclosures: [], coordinator };

describe('the invitation’s secure e-mail', () => {
  it('gives the place and the video link each on a line, and names the enclosures beyond the invitation', () => {
    const text = mailText({ ...base, place: 'Køgevej 1, 4000 Roskilde, Mødelokale 2', videoLink: 'https://video.example.dk/m/1', enclosures: [ATTACHMENT.article] });
    expect(text.split('\n')).toEqual([
      'Kære Åse Østergård',
      '',
      'Du inviteres hermed til koordinationsmøde torsdag den 3. december 2026 kl. 10.00–11.30.',
      'Sted: Køgevej 1, 4000 Roskilde, Mødelokale 2',
      'Videomøde: https://video.example.dk/m/1',
      '',
      'Invitationen med formål, dagsorden og deltagere er vedhæftet som PDF, og mødet som kalenderinvitation (.ics), som du kan åbne i din kalender.',
      'Desuden er vedhæftet:',
      `– ${ATTACHMENT.article}`,
      'Kan du ikke deltage, så meld afbud til mig på sikker e-mail til birgitte.soerensen@roskilde.dk eller telefon 46 31 00 00.',
      '',
      'Invitationen indeholder fortrolige personoplysninger: send den kun videre med sikker e-mail.',
      '',
      'Venlig hilsen',
      'Birgitte Ærø Sørensen',
      'Sagsbehandler, Roskilde Kommune',
    ]);
  });

  it('says a video meeting is one, not a place, and lists nothing when nothing more is enclosed', () => {
    const text = mailText({ ...base, meeting: 'followUp', videoLink: 'https://video.example.dk/m/1' });
    expect(text).toContain('til opfølgende koordinationsmøde');
    expect(text).toContain('\nVideomøde: https://video.example.dk/m/1\n');
    expect(text).not.toContain('Sted:');
    expect(text).not.toContain('Desuden');
  });
});
