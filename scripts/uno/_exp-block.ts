import { writeFileSync } from 'node:fs';
import { buildDocx } from '../../src/docx/build-docx.js';
import { paragraph } from '../../src/docx/ooxml.js';
const ctl = (alias: string, content: string) => `<w:sdt><w:sdtPr><w:alias w:val="${alias}"/><w:tag w:val="t"/><w:id w:val="${Math.floor(Math.random() * 1e6)}"/><w:text w:multiLine="1"/></w:sdtPr><w:sdtContent>${content}</w:sdtContent></w:sdt>`;
const body = [
  paragraph(['A: ', ctl('A', '<w:r><w:t>Testvej 12</w:t><w:cr/><w:t>4000 Roskilde</w:t></w:r>') as any]),
  paragraph(['B: ', ctl('B', '<w:r><w:t>Testvej 12</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>4000 Roskilde</w:t></w:r>') as any]),
  paragraph(['C: ', ctl('C', '<w:r><w:t xml:space="preserve">Testvej 12\n4000 Roskilde</w:t></w:r>') as any]),
  paragraph(['D: ', ctl('D', '<w:r><w:t>Testvej 12</w:t><w:t>4000 Roskilde</w:t></w:r>') as any]),
];
writeFileSync('/tmp/h3a/rt/block.docx', buildDocx({ title: 'x', body: body as any }));
