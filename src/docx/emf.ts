/**
 * A word as a picture: an Enhanced Metafile (EMF, [MS-EMF]) that writes one line of text,
 * turned by an angle, centred in the picture. It is what a draft's "KLADDE" across the page is
 * made of: a picture in a page header is an artifact in LibreOffice's tagged PDF (outside the
 * structure a screen reader reads), where a drawn shape (Word's own WordArt watermark) would
 * add an empty element to the structure tree. Word and LibreOffice both draw EMF text, turned.
 */

export interface TextPictureOptions {
  text: string;
  /** The picture's size; the text's centre is its centre. */
  widthMm: number;
  heightMm: number;
  /** The letters' height (the font's em). */
  fontMm: number;
  /** Counter-clockwise from the horizontal, in degrees. */
  angleDeg: number;
  /** 'RRGGBB'; no transparency in EMF, so a light colour keeps the text over it readable. */
  color: string;
  font: string;
  bold?: boolean;
  /**
   * The advance of each letter, in em: the text is laid out from it (with no font metrics to
   * hand, one figure for all; capitals of Calibri are 0.42–0.63 em wide).
   */
  advanceEm?: number;
}

/** Logical units per millimetre: hundredths of a millimetre, as the header's frame counts. */
const UNITS_PER_MM = 100;

const EMR = { HEADER: 1, SETBKMODE: 18, SETTEXTALIGN: 22, SETTEXTCOLOR: 24, SELECTOBJECT: 37, EOF: 14, EXTCREATEFONTINDIRECTW: 82, EXTTEXTOUTW: 84 } as const;
const TRANSPARENT = 1;
const TA_CENTER_BASELINE = 6 | 24;
const GM_COMPATIBLE = 1;

function int32s(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeInt32LE(Math.round(v), i * 4));
  return b;
}

function record(type: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([int32s(type, 8 + body.length), body]);
}

/** LOGFONTW: height (negative: the em), escapement and orientation in tenths of a degree, weight, face. */
function logFont(o: TextPictureOptions): Buffer {
  const lf = Buffer.alloc(92);
  const tenths = Math.round(o.angleDeg * 10);
  int32s(-o.fontMm * UNITS_PER_MM, 0, tenths, tenths, o.bold ? 700 : 400).copy(lf, 0);
  lf.writeUInt8(1, 23); // DEFAULT_CHARSET
  lf.writeUInt8(4, 26); // ANTIALIASED_QUALITY
  Buffer.from(o.font.slice(0, 31), 'utf16le').copy(lf, 28);
  return lf;
}

export function textPictureEmf(o: TextPictureOptions): Buffer {
  const w = o.widthMm * UNITS_PER_MM;
  const h = o.heightMm * UNITS_PER_MM;
  const text = Buffer.from(o.text, 'utf16le');
  const padded = Buffer.concat([text, Buffer.alloc((4 - (text.length % 4)) % 4)]);
  const em = o.fontMm * UNITS_PER_MM;
  const advance = (o.advanceEm ?? 0.6) * em;
  // The text stands on its baseline through the reference point: moved "down" the letters by half a
  // capital's height (about 0.35 em), the middle of the letters is the middle of the picture.
  const angle = (o.angleDeg * Math.PI) / 180;
  const [x, y] = [w / 2 + 0.35 * em * Math.sin(angle), h / 2 + 0.35 * em * Math.cos(angle)];
  // EMR_EXTTEXTOUTW: bounds, graphics mode, scales, then the EmrText (reference point, chars, options, rectangle, offsets).
  const fixedSize = 8 + 16 + 12 + 40;
  const textOut = record(
    EMR.EXTTEXTOUTW,
    int32s(0, 0, w, h, GM_COMPATIBLE),
    Buffer.from(new Float32Array([1, 1]).buffer),
    int32s(x, y, o.text.length, fixedSize, 0, 0, 0, -1, -1, fixedSize + padded.length),
    padded,
    int32s(...Array.from({ length: o.text.length }, () => advance)),
  );
  const records = [
    record(EMR.EXTCREATEFONTINDIRECTW, int32s(1), logFont(o)),
    record(EMR.SELECTOBJECT, int32s(1)),
    record(EMR.SETTEXTCOLOR, int32s(parseInt(o.color.slice(0, 2), 16) | (parseInt(o.color.slice(2, 4), 16) << 8) | (parseInt(o.color.slice(4, 6), 16) << 16))),
    record(EMR.SETBKMODE, int32s(TRANSPARENT)),
    record(EMR.SETTEXTALIGN, int32s(TA_CENTER_BASELINE)),
    textOut,
    record(EMR.EOF, int32s(0, 16, 20)),
  ];
  // The header with its extension (micrometres): a reference device of 0.01 mm per pixel, so logical units are 0.01 mm.
  const headerSize = 108;
  const size = headerSize + records.reduce((n, r) => n + r.length, 0);
  const header = Buffer.concat([
    int32s(EMR.HEADER, headerSize),
    int32s(0, 0, w - 1, h - 1), // bounds, in device units
    int32s(0, 0, w, h), // frame, in 0.01 mm
    int32s(0x464d4520, 0x10000, size, records.length + 1),
    Buffer.from([2, 0, 0, 0]), // handles (the font and the table's own), reserved
    int32s(0, 0, 0), // no description, no palette
    int32s(210 * UNITS_PER_MM, 297 * UNITS_PER_MM), // the reference device in pixels…
    int32s(210, 297), // …and in millimetres
    int32s(0, 0, 0), // no pixel format, no OpenGL
    int32s(210_000, 297_000), // the device in micrometres
  ]);
  return Buffer.concat([header, ...records]);
}
