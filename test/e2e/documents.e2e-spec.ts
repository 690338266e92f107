import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AdrefClient, ASEAN_MEMBERS_2026, auth, User } from '../support/adref-client';
import { pdfToText } from '../support/pdf-text';
import { tableCounts } from '../support/table-counts';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A small real PDF: a note verbale of one line. */
function notePdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

/** A body the bytes of which come back as a Buffer. */
const bytes = (request: ReturnType<TestApp['http']['get']>) =>
  request.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('documents: notes verbales and annexes attached to a statement', () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let focal: Record<string, User>;
  let outsider: User;
  let id: string;
  let versionHash: string;
  let note: Buffer;
  let noteId: string;
  let onBehalf: Awaited<ReturnType<TestApp['http']['post']>>;
  // A renamed executable: the ELF bytes of /bin/true, sent as x.pdf.
  const executable = readFileSync('/bin/true');

  const upload = (user: User, statementId: string, file: Buffer, name: string, fields = {}) => {
    const request = t.http
      .post(`${API}/statements/${statementId}/documents`)
      .set(auth(user))
      .attach('file', file, { filename: name, contentType: 'application/pdf' });
    for (const [key, value] of Object.entries({ kind: 'annex', ...fields })) {
      request.field(key, value as string);
    }
    return request;
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026);
    outsider = await client.user('focal_point', 'JPN');
    const opened = await client.openRound(chair, { deadline: '2026-04-01T10:00:00Z' });
    id = opened.id;
    versionHash = opened.currentVersion.hash;
    note = await notePdf('Note verbale No. 0456/2026 of the Embassy of Malaysia');
    // Malaysia's position, recorded on its behalf with its note verbale in one request.
    t.clock.set('2026-03-05T03:00:00Z');
    onBehalf = await t.http
      .post(`${API}/statements/${id}/positions`)
      .set(auth(chair))
      .field('member', 'MYS')
      .field('position', 'endorse')
      .field('versionHash', versionHash)
      .field('reference', 'Note verbale No. 0456/2026')
      .field('at', '2026-03-04T02:00:00Z')
      .attach('file', note, { filename: 'note-verbale-MYS.pdf', contentType: 'application/pdf' });
    // The only document yet.
    noteId = (await client.get(chair, `/statements/${id}/documents`)).body[0]?.id;
  });
  afterAll(() => t.close());

  it('an on-behalf position carries its note verbale; the bytes come back with the same sha256', async () => {
    const response = onBehalf;
    expect(response.status).toBe(201);
    expect(response.body.round.positions).toEqual(
      expect.arrayContaining([expect.objectContaining({ member: 'MYS', position: 'endorse' })]),
    );

    const list = await client.get(focal.THA, `/statements/${id}/documents`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    const [document] = list.body;
    expect(document).toMatchObject({
      kind: 'note_verbale',
      filename: 'note-verbale-MYS.pdf',
      contentType: 'application/pdf',
      size: note.length,
      sha256: sha256(note),
      member: 'MYS',
    });
    expect(document).not.toHaveProperty('content');
    const positions = (await client.get(chair, `/statements/${id}/positions`)).body;
    const mys = positions.rounds[0].positions.find((p: { member: string }) => p.member === 'MYS');
    expect(document.positionId).toBe(mys.id);
    expect(document.id).toBe(noteId);

    const back = await bytes(t.http.get(`${API}/documents/${noteId}`).set(auth(focal.THA)));
    expect(back.status).toBe(200);
    expect(back.headers['content-type']).toBe('application/pdf');
    expect(back.headers['x-content-type-options']).toBe('nosniff');
    expect(back.headers['content-disposition']).toBe(
      `attachment; filename="note-verbale-MYS.pdf"; filename*=UTF-8''note-verbale-MYS.pdf`,
    );
    expect(Buffer.compare(back.body as Buffer, note)).toBe(0);
    expect(sha256(back.body as Buffer)).toBe(document.sha256);

    // The audit event that attached it carries the hash, after the position it goes with.
    const events = (await client.history(chair, id)).body.events;
    const attached = events.find(
      (e: { type: string; payload: { documentId?: string } }) =>
        e.type === 'DOCUMENT_ATTACHED' && e.payload.documentId === noteId,
    );
    const position = events.find((e: { seq: number }) => e.seq === attached.seq - 1);
    expect(position.type).toBe('RECORD_POSITION');
    expect(position.payload.position.member).toBe('MYS');
    expect(attached).toMatchObject({
      type: 'DOCUMENT_ATTACHED',
      at: '2026-03-04T02:00:00.000Z',
      payload: {
        documentId: noteId,
        sha256: sha256(note),
        size: note.length,
        kind: 'note_verbale',
        filename: 'note-verbale-MYS.pdf',
        positionId: mys.id,
        member: 'MYS',
      },
    });
    expect(attached.stateFrom).toBe(attached.stateTo);
  });

  it('refuses a renamed executable with 415 and stores nothing, alone or with a position', async () => {
    const before = await tableCounts(t.dataSource);
    const alone = await upload(chair, id, executable, 'x.pdf');
    expect(alone.status).toBe(415);
    expect(alone.body.code).toBe('document_type_refused');
    const withPosition = await t.http
      .post(`${API}/statements/${id}/positions`)
      .set(auth(chair))
      .field('member', 'VNM')
      .field('position', 'endorse')
      .field('versionHash', versionHash)
      .attach('file', executable, { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(withPosition.status).toBe(415);
    expect(withPosition.body.code).toBe('document_type_refused');
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('refuses a 21 MB file, and one a byte over 20 MB, with 413 and stores nothing', async () => {
    const before = await tableCounts(t.dataSource);
    const big = Buffer.concat([note, Buffer.alloc(21 * 1024 * 1024 - note.length)]);
    const refused = await upload(chair, id, big, 'big.pdf');
    expect(refused.status).toBe(413);
    expect(refused.body.code).toBe('document_too_large');
    // Declared just under the early refusal: multer's own limit stops it at 20 MB + 1 byte.
    const justOver = Buffer.concat([note, Buffer.alloc(20 * 1024 * 1024 + 1 - note.length)]);
    const alsoRefused = await upload(chair, id, justOver, 'just-over.pdf');
    expect(alsoRefused.status).toBe(413);
    expect(alsoRefused.body.code).toBe('document_too_large');
    expect(await tableCounts(t.dataSource)).toEqual(before);
    // A JSON body keeps its own 4 MB limit: the 20 MB is for documents only.
    const json = await t.http
      .post(`${API}/statements/${id}/positions`)
      .set(auth(chair))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ member: 'VNM', text: 'x'.repeat(5 * 1024 * 1024) }));
    expect(json.status).toBe(413);
    // And the other routes still take JSON only: a form is 415 there.
    const form = await t.http
      .post(`${API}/statements/${id}/events`)
      .set(auth(chair))
      .field('type', 'DEADLINE_PASSED')
      .attach('file', note, 'x.pdf');
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('unsupported_media_type');
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('an Idempotency-Key replays the first upload; the same key with another file is refused', async () => {
    const annex = await notePdf('Annex: the schedule of the 24th ACCSM');
    const count = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM documents`))[0].n as number;
    const before = await count();
    const first = await upload(chair, id, annex, 'schedule.pdf').set('Idempotency-Key', 'doc-1');
    expect(first.status).toBe(201);
    const again = await upload(chair, id, annex, 'schedule.pdf').set('Idempotency-Key', 'doc-1');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await upload(chair, id, note, 'schedule.pdf').set('Idempotency-Key', 'doc-1');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await count()).toBe(before + 1);
  });

  it('attaching is an audit note: lockVersion stays, and an If-Match read before still holds', async () => {
    const before = (await client.get(chair, `/statements/${id}`)).body;
    const annex = await notePdf('Annex: the list of participants');
    const attached = await upload(chair, id, annex, 'participants.pdf');
    expect(attached.status).toBe(201);
    const after = (await client.get(chair, `/statements/${id}`)).body;
    expect(after.lockVersion).toBe(before.lockVersion);
    const history = (await client.get(chair, `/statements/${id}/history`)).body;
    const event = history.events.find(
      (e: { type: string; payload: { documentId?: string } }) =>
        e.type === 'DOCUMENT_ATTACHED' && e.payload.documentId === attached.body.id,
    );
    expect(event).toMatchObject({ stateFrom: 'ad_referendum.collecting' });
    expect(event.stateTo).toBe(event.stateFrom);
    // Brunei's focal point read lockVersion before the annex: its position is not stale.
    const position = await client.position(
      focal.BRN,
      id,
      { member: 'BRN', position: 'endorse', versionHash },
      { 'If-Match': String(before.lockVersion) },
    );
    expect(position.status).toBe(201);
    expect(position.body.lockVersion).toBe(before.lockVersion + 1);
  });

  it('a form’s position and its note verbale are one transaction: a failed document stores no position', async () => {
    // The document's INSERT fails after the position was written in the same request. Were the
    // form to take the optimistic path (no transaction), the position would stay on its own.
    await t.dataSource.query(`CREATE FUNCTION test_refuse_document() RETURNS trigger
      LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
    await t.dataSource.query(`CREATE TRIGGER test_refuse_document BEFORE INSERT ON documents
      FOR EACH ROW EXECUTE FUNCTION test_refuse_document()`);
    const before = await tableCounts(t.dataSource);
    const statement = (await client.get(chair, `/statements/${id}`)).body;
    let status: number | undefined;
    try {
      const response = await t.http
        .post(`${API}/statements/${id}/positions`)
        .set(auth(chair))
        .field('member', 'VNM')
        .field('position', 'endorse')
        .field('versionHash', versionHash)
        .attach('file', note, { filename: 'note-verbale-VNM.pdf', contentType: 'application/pdf' });
      status = response.status;
    } finally {
      await t.dataSource.query('DROP TRIGGER test_refuse_document ON documents');
      await t.dataSource.query('DROP FUNCTION test_refuse_document()');
    }
    expect(status).toBe(500);
    expect(await tableCounts(t.dataSource)).toEqual(before);
    const unchanged = (await client.get(chair, `/statements/${id}`)).body;
    expect(unchanged.lockVersion).toBe(statement.lockVersion);
    const positions = (await client.get(chair, `/statements/${id}/positions`)).body;
    expect(
      positions.rounds[0].positions.filter((p: { member: string }) => p.member === 'VNM'),
    ).toEqual([]);
  });

  it('reads only for those of the statement’s framework', async () => {
    const refused = await client.get(outsider, `/documents/${noteId}`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    const list = await client.get(outsider, `/statements/${id}/documents`);
    expect(list.status).toBe(403);
    const unknown = await client.get(focal.THA, `/documents/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    const anonymous = await t.http.get(`${API}/documents/${noteId}`);
    expect(anonymous.status).toBe(401);
  });

  it('a focal point attaches to its own member’s position only; the form is checked', async () => {
    const thai = await client.expectPosition(focal.THA, id, {
      member: 'THA',
      position: 'endorse',
      versionHash,
    });
    const thaPosition = (
      await client.get(focal.THA, `/statements/${id}/positions`)
    ).body.rounds[0].positions.find((p: { member: string }) => p.member === 'THA');
    expect(thai.state).toBe('ad_referendum');
    const annex = await notePdf('Annex to the position of Thailand');
    const before = await tableCounts(t.dataSource);
    const mysPositionId = (await client.get(chair, `/statements/${id}/documents`)).body.find(
      (d: { id: string }) => d.id === noteId,
    ).positionId;
    const foreign = await upload(focal.THA, id, annex, 'annex.pdf', { positionId: mysPositionId });
    expect(foreign.status).toBe(403);
    const unlinked = await upload(focal.THA, id, annex, 'annex.pdf');
    expect(unlinked.status).toBe(403);
    const badKind = await upload(chair, id, annex, 'annex.pdf', { kind: 'love_letter' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.code).toBe('invalid_input');
    const missing = await t.http
      .post(`${API}/statements/${id}/documents`)
      .set(auth(chair))
      .field('kind', 'annex');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('document_missing');
    const otherStatement = await upload(chair, id, annex, 'annex.pdf', {
      positionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(otherStatement.status).toBe(422);
    expect(otherStatement.body.code).toBe('document_link_invalid');
    expect(await tableCounts(t.dataSource)).toEqual(before);

    const own = await upload(focal.THA, id, annex, '../../ภาคผนวก "ไทย".pdf', {
      positionId: thaPosition.id,
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({
      sha256: sha256(annex),
      size: annex.length,
      contentType: 'application/pdf',
      filename: 'ภาคผนวก "ไทย".pdf',
    });
    const back = await bytes(t.http.get(`${API}/documents/${own.body.id}`).set(auth(chair)));
    expect(back.headers['content-disposition']).toBe(
      `attachment; filename="_______ _____.pdf"; filename*=UTF-8''${encodeURIComponent('ภาคผนวก "ไทย".pdf')}`,
    );
    // Documents are immutable: no route changes or removes them.
    const put = await t.http.put(`${API}/documents/${own.body.id}`).set(auth(chair)).send({});
    expect(put.status).toBe(404);
    const del = await t.http.delete(`${API}/documents/${own.body.id}`).set(auth(chair));
    expect(del.status).toBe(404);
  });

  it("a document goes with a text proposal of the statement: the proposer's focal point, or the chair", async () => {
    const proposed = await t.http
      .post(`${API}/statements/${id}/proposals`)
      .set(auth(focal.THA))
      .send({ paragraph: 1, text: 'Wording Thailand proposes, with its explanation attached.' });
    expect(proposed.status).toBe(201);
    const explanation = await notePdf('Why Thailand proposes this wording');
    const before = await tableCounts(t.dataSource);

    const unknown = await upload(focal.THA, id, explanation, 'why.pdf', {
      proposalId: '00000000-0000-4000-8000-000000000000',
    });
    const foreign = await upload(focal.MYS, id, explanation, 'why.pdf', {
      proposalId: proposed.body.id,
    });
    const both = await upload(chair, id, explanation, 'why.pdf', {
      proposalId: proposed.body.id,
      positionId: '00000000-0000-4000-8000-000000000000',
    });

    expect([unknown.status, unknown.body.code]).toEqual([422, 'document_link_invalid']);
    expect(unknown.body.details).toMatchObject({ field: 'proposalId' });
    expect(foreign.status).toBe(403);
    expect(both.status).toBe(400);
    expect(await tableCounts(t.dataSource)).toEqual(before);

    const own = await upload(focal.THA, id, explanation, 'why.pdf', {
      proposalId: proposed.body.id,
    });
    const byChair = await upload(chair, id, explanation, 'why-too.pdf', {
      kind: 'annex',
      proposalId: proposed.body.id,
    });
    expect([own.status, byChair.status]).toEqual([201, 201]);
    const listed = (await client.get(chair, `/statements/${id}/documents`)).body.filter(
      (d: { proposalId: string | null }) => d.proposalId === proposed.body.id,
    );
    // Both at the same moment of the test's clock: compared sorted.
    expect(
      listed
        .map((d: { member: string; filename: string }) => [d.member, d.filename])
        .sort((a: string[], b: string[]) => a[1].localeCompare(b[1])),
    ).toEqual([
      ['THA', 'why-too.pdf'],
      ['THA', 'why.pdf'],
    ]);
  });

  it('the record lists every note verbale with its hash, and the history still verifies', async () => {
    let last: Record<string, any> = {};
    for (const member of ASEAN_MEMBERS_2026.filter((m) => m !== 'MYS')) {
      last = await client.expectPosition(focal[member], id, {
        member,
        position: 'endorse',
        versionHash,
      });
    }
    expect(last.state).toBe('adopted');
    const record = (await client.get(focal.THA, `/statements/${id}/record`)).body;
    expect(record.noteVerbales).toEqual([
      expect.objectContaining({
        id: noteId,
        member: 'MYS',
        nameEn: 'Malaysia',
        filename: 'note-verbale-MYS.pdf',
        sha256: sha256(note),
      }),
    ]);
    const csv = (await client.getBytes(focal.THA, `/statements/${id}/record.csv`)).body.toString();
    expect(csv).toContain(`# note verbale MYS: note-verbale-MYS.pdf sha256 ${sha256(note)}`);
    for (const lang of ['en', 'th'] as const) {
      const pdf = await pdfToText(
        (await client.getBytes(focal.THA, `/statements/${id}/record.pdf?lang=${lang}`)).body,
      );
      expect(pdf.replace(/\s+/g, ' ')).toContain(`sha256 ${sha256(note)}`);
      expect(pdf).toContain('note-verbale-MYS.pdf');
    }
    const verified = await client.get(focal.THA, `/statements/${id}/verify`);
    expect(verified.body).toMatchObject({ valid: true, problems: [] });
  });

  it('verify names a document whose bytes were changed behind adref’s back', async () => {
    // A superuser switches the append-only trigger off and swaps the note verbale's bytes.
    const forged = await notePdf('A forged note verbale');
    await t.dataSource.query('ALTER TABLE documents DISABLE TRIGGER USER');
    try {
      await t.dataSource.query(`UPDATE documents SET content = $2 WHERE id = $1`, [noteId, forged]);
    } finally {
      await t.dataSource.query('ALTER TABLE documents ENABLE TRIGGER USER');
    }
    const report = (await client.get(focal.THA, `/statements/${id}/verify`)).body;
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'document_mismatch',
        message: expect.stringContaining(
          `the bytes of document ${noteId} hash to ${sha256(forged)}`,
        ),
      }),
      expect.objectContaining({ kind: 'document_mismatch' }),
    ]);
    // And the trigger is back: an update is refused again.
    await expect(
      t.dataSource.query(`UPDATE documents SET filename = 'x' WHERE id = $1`, [noteId]),
    ).rejects.toThrow('documents is append-only');
  });
});
