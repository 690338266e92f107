import { createHash } from 'node:crypto';
import { ArchiveFileError, documentPath, readStatement } from './archive-files.util';

const ID = '0b9d2c1e-4a5f-4c3b-9e8d-7f6a5b4c3d2e';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe(documentPath.name, () => {
  it('keeps the id and the ASCII of the name, making the rest `_`', () => {
    expect(documentPath(ID, 'note verbale 0456.pdf')).toBe(`documents/${ID}-note_verbale_0456.pdf`);
    expect(documentPath(ID, 'ร่าง v2.pdf')).toBe(`documents/${ID}-v2.pdf`);
    expect(documentPath(ID, 'Café.docx')).toBe(`documents/${ID}-Cafe_.docx`);
  });

  it('never leaves the documents folder, and names a nameless file `document`', () => {
    expect(documentPath(ID, '../../manifest.json')).toBe(`documents/${ID}-manifest.json`);
    expect(documentPath(ID, 'ร่าง')).toBe(`documents/${ID}-document`);
    expect(documentPath(ID, 'x'.repeat(300))).toHaveLength(`documents/${ID}-`.length + 100);
  });
});

describe('readStatement: documents.json', () => {
  const folder = `statements/${ID}/`;
  const pdf = Buffer.from('%PDF-1.4 a document');
  const files = (documents: unknown): Record<string, Buffer> => ({
    'statement.json': Buffer.from(
      JSON.stringify({ id: ID, machineVersion: 1, snapshot: {}, openDeadline: null }),
    ),
    'versions.json': Buffer.from('[]'),
    'rounds.json': Buffer.from('[]'),
    'positions.json': Buffer.from('[]'),
    'audit.jsonl': Buffer.from(''),
    'documents.json': Buffer.from(JSON.stringify(documents)),
    [`documents/${ID}-a.pdf`]: pdf,
  });
  const read = (content: Record<string, Buffer>, sections = ['documents']) =>
    readStatement(
      folder,
      (name) => {
        if (!content[name]) throw new ArchiveFileError(`${folder}${name}`, 'is missing');
        return content[name];
      },
      { sections },
    );

  it('hashes each listed file, so verification compares its bytes with its event', () => {
    const listed = [{ id: ID, sha256: 'listed', size: 3, file: `documents/${ID}-a.pdf` }];
    expect(read(files(listed)).documents).toEqual([
      { id: ID, sha256: 'listed', size: 3, contentSha256: sha256(pdf), contentLength: pdf.length },
    ]);
  });

  it('reads no documents when the manifest lists no such section', () => {
    expect(read(files('not even a list'), []).documents).toBeUndefined();
  });

  it('names documents.json when an entry has no file of the folder', () => {
    for (const listed of [[{ id: ID }], [{ id: ID, file: '../audit.jsonl' }], { id: ID }]) {
      expect(() => read(files(listed))).toThrow(ArchiveFileError);
    }
    let missing: unknown;
    try {
      read(files([{ id: ID, file: `documents/${ID}-gone.pdf` }]));
    } catch (error) {
      missing = error;
    }
    expect(missing).toMatchObject({ file: `${folder}documents/${ID}-gone.pdf` });
  });
});
