/**
 * The settings a pool worker's LibreOffice profile starts with.
 *
 * A document loaded hidden still gets the user interface of an editing window, and its
 * timers run between our calls: the status bar counts the words of the whole document (twice:
 * for the status line and for the statistics it then asks for), word completion collects every
 * long word, and the toolbars and their controllers are built and updated. None of it reaches
 * the PDF. Measured with callgrind on the Bilag 2 plan (instructions of soffice.bin per
 * conversion, load to close; `bench/libreoffice-phases.py` for the wall and CPU split): see
 * bench/README.md, Where LibreOffice's time goes. Written once, before the profile's first
 * start; a profile LibreOffice has already written is left as it is.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writer's toolbars that are visible by default, in context or always (share/registry/writer.xcd). */
const WRITER_TOOLBARS = [
  'standardbar', 'textobjectbar', 'mailmerge', 'tableobjectbar', 'numobjectbar', 'drawingobjectbar',
  'bezierobjectbar', 'extrusionobjectbar', 'formtextobjectbar', 'formsfilterbar', 'formsnavigationbar',
  'frameobjectbar', 'fullscreenbar', 'graphicobjectbar', 'oleobjectbar', 'previewobjectbar',
  'drawtextobjectbar', 'viewerbar', 'mediaobjectbar', 'fontworkobjectbar',
];

const prop = (itemPath: string, name: string, value: boolean) =>
  `<item oor:path="${itemPath}"><prop oor:name="${name}" oor:op="fuse"><value>${value}</value></prop></item>`;

const hidden = (resource: string) =>
  `<item oor:path="/org.openoffice.Office.UI.WriterWindowState/UIElements/States"><node oor:name="private:resource/${resource}" oor:op="replace"><prop oor:name="Visible" oor:op="fuse"><value>false</value></prop></node></item>`;

export const WORKER_PROFILE_SETTINGS = [
  prop('/org.openoffice.Office.Writer/AutoFunction/Completion', 'Enable', false),
  prop('/org.openoffice.Office.Writer/AutoFunction/Completion', 'CollectWords', false),
  hidden('statusbar/statusbar'),
  ...WRITER_TOOLBARS.map((bar) => hidden(`toolbar/${bar}`)),
];

/** Seeds `<profileDir>/user/registrymodifications.xcu` unless the profile already has one. */
export function seedWorkerProfile(profileDir: string): void {
  const file = path.join(profileDir, 'user', 'registrymodifications.xcu');
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      ...WORKER_PROFILE_SETTINGS,
      '</oor:items>',
      '',
    ].join('\n'),
  );
}
