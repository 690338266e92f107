import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import {
  attachmentDisposition,
  cleanFilename,
  detectType,
  isAcceptedType,
} from './document-type.util';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
);

describe('document types, judged from the content', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n%%EOF\n'), 'pdf', true],
    ['a PNG', PNG, 'png', true],
    [
      'a legacy Office file (OLE compound)',
      Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(504), 'hex'),
      'cfb',
      true,
    ],
    ['an ELF executable named x.pdf', readFileSync('/bin/true'), 'elf', false],
    ['a Windows executable', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), 'exe', false],
  ])('%s', async (_name, bytes, ext, accepted) => {
    const type = await detectType(bytes);
    expect(type?.ext).toBe(ext);
    expect(isAcceptedType(type)).toBe(accepted);
  });

  it('takes an xlsx workbook, and refuses text it cannot name (HTML, SVG, a script)', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Positions').addRow(['THA', 'endorse']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await detectType(xlsx)).toMatchObject({ ext: 'xlsx' });
    expect(isAcceptedType(await detectType(xlsx))).toBe(true);
    for (const text of [
      '<html><script>alert(1)</script></html>',
      '<svg onload="x"/>',
      '#!/bin/sh\nrm -rf /',
    ]) {
      expect(isAcceptedType(await detectType(Buffer.from(text)))).toBe(false);
    }
  });
});

describe(cleanFilename.name, () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\note.pdf', 'note.pdf'],
    ['note\u0000\r\n.pdf', 'note.pdf'],
    ['evil\u202Efdp.exe', 'evilfdp.exe'],
    ['', 'document'],
    ['..', 'document'],
    [undefined, 'document'],
    ['บันทึกกลาง.pdf', 'บันทึกกลาง.pdf'],
  ])('%j → %j', (name, cleaned) => expect(cleanFilename(name)).toBe(cleaned));

  it('keeps at most 200 characters', () =>
    expect(cleanFilename('a'.repeat(300))).toHaveLength(200));
});

describe(attachmentDisposition.name, () => {
  it('gives an ASCII fallback and the exact UTF-8 name, with nothing that can end the header', () => {
    expect(attachmentDisposition('nv "1"; x=\\y.pdf')).toBe(
      `attachment; filename="nv _1_; x=_y.pdf"; filename*=UTF-8''nv%20%221%22%3B%20x%3D%5Cy.pdf`,
    );
    expect(attachmentDisposition("บันทึก (1)'s.pdf")).toBe(
      `attachment; filename="______ (1)'s.pdf"; filename*=UTF-8''${encodeURIComponent('บันทึก')}%20%281%29%27s.pdf`,
    );
  });
});
