/**
 * The characters the PDF can show: the union of what the fonts `./run.sh setup` installs
 * cover (Carlito and Caladea for Calibri and Cambria, Liberation for Arial, Times New Roman
 * and Courier New, DejaVu Sans for the form's boxes), read with fontconfig's fc-query.
 * LibreOffice draws a character none of them has as an empty box, or not at all.
 */
import { execFileSync } from 'node:child_process';

export const PDF_FONTS = ['Carlito', 'Caladea', 'Liberation Sans', 'Liberation Serif', 'Liberation Mono', 'DejaVu Sans'] as const;

/** The code points of the fonts, as sorted, merged ranges ("20-7e,a0-17f,…", hexadecimal). */
export function fontCoverage(): string {
  const points = new Set<number>();
  for (const family of PDF_FONTS) {
    const [file, found] = execFileSync('fc-match', ['-f', '%{file}\n%{family}', `${family}:style=Regular`], { encoding: 'utf8' }).split('\n');
    if (!found?.split(',').includes(family)) throw new Error(`the font ${family} is not installed (fc-match gave ${found})`);
    for (const range of execFileSync('fc-query', ['--format', '%{charset}', file!], { encoding: 'utf8' }).trim().split(/\s+/)) {
      const [from, to = from] = range.split('-').map((h) => parseInt(h, 16));
      for (let c = from!; c <= to!; c++) points.add(c);
    }
  }
  const sorted = [...points].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const c of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else ranges.push([c, c]);
  }
  return ranges.map(([a, b]) => (a === b ? a.toString(16) : `${a.toString(16)}-${b.toString(16)}`)).join(',');
}
