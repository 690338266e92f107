import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { openPromise } from 'yauzl';
import { ZipFile } from 'yazl';
import { checkArchive } from '../../src/archive/archive-check';
import type { ArchiveReport } from '../../src/archive/archive-check';
import { buildApp, CHILD_WAIT_MS } from '../support/app-process';
import { AdrefClient, ASEAN_MEMBERS_2026, auth, User } from '../support/adref-client';
import { runNpmScript } from '../support/npm-script';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '../..');
const OPENED_AT = '2026-03-02T02:00:00Z';
const DEADLINE = '2026-04-01T17:00:00+07:00';
const NOTE_VERBALE = 'Note verbale No. 0456/2026 of 4 March 2026';
const COMMENT = 'Paragraph 1 could name the regional programme.';
const PROPOSED = 'The handed-over records are kept for ten years.';
const CHILD_TIMEOUT_MS = 4 * CHILD_WAIT_MS;

type Entries = Map<string, Buffer>;

/** A small real PDF of one line. */
function pdfOf(text: string): Promise<Buffer> {
  return new Promise((done) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => done(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

async function readZip(file: string): Promise<Entries> {
  const entries: Entries = new Map();
  const zip = await openPromise(file, { lazyEntries: true });
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
      chunks.push(chunk);
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return entries;
}

async function writeZip(entries: Entries, file: string): Promise<void> {
  const zip = new ZipFile();
  for (const [path, content] of entries) zip.addBuffer(content, path);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** The same archive with one byte of one file changed, zipped again (so the zip itself is sound). */
async function withOneByteChanged(entries: Entries, path: string, file: string): Promise<void> {
  const copy = new Map(entries);
  const content = Buffer.from(entries.get(path)!);
  content[Math.floor(content.length / 2)] ^= 0x01;
  copy.set(path, content);
  await writeZip(copy, file);
}

interface Run {
  code: number | null;
  output: string;
}

/** This process's environment without a database: verification of an archive needs none. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ADREF_DATA_DIR: '/nonexistent' };
  delete env.DATABASE_URL;
  return env;
}

/** The built verify script, as `npm run verify` runs it after its build. */
function runVerify(args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/scripts/verify.js'), ...args], {
      cwd: ROOT,
      // Offline: no database, whatever this process has.
      env: offlineEnv(),
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`verify did not finish in ${CHILD_TIMEOUT_MS} ms: ${output}`));
    }, CHILD_TIMEOUT_MS);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const failureText = (report: ArchiveReport) =>
  report.failures.map((f) => `${f.file}: ${f.message}`).join('\n');

// The export reads the database the app wrote: the app is closed first (a PGlite folder opens
// in one process at a time), then `npm run export` opens it; verification needs no database.
describe('the archive of a framework: export, and verification offline', () => {
  const folder = mkdtempSync(join(tmpdir(), 'adref-archive-'));
  const dataDir = join(folder, 'data');
  const keysFile = join(folder, 'keys.json');
  const apiZip = join(folder, 'api.zip');
  let database: TestDatabase | null = null;
  let env: Record<string, string | undefined>;
  let adopted: string;
  let drafting: string;
  let elsewhere: string;
  let headers: Record<string, string>;
  let proposalIds: { open: string; accepted: string; rejected: string };
  let notePdf: Buffer;
  let noteId: string;
  let draftPdf: Buffer;
  let draftDocId: string;

  beforeAll(async () => {
    // dist/ for the runs of the built verify script; `npm run export` builds it again itself.
    buildApp();
    if (process.env.TEST_DATABASE_URL) {
      database = await createTestDatabase();
      // The data folder holds only the signing key here.
      env = { DATABASE_URL: database.env.DATABASE_URL!, ADREF_DATA_DIR: dataDir };
    } else {
      env = { DATABASE_URL: undefined, ADREF_DATA_DIR: dataDir };
    }
    const appEnv = Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const t: TestApp = await createTestApp(OPENED_AT, appEnv);
    try {
      const client = new AdrefClient(t);
      const chair: User = await client.user('chair_secretariat', 'KHM');
      const focal = await client.focalPoints(ASEAN_MEMBERS_2026);
      const opened = await client.openRound(chair, {
        deadline: DEADLINE,
        title: 'ASEAN Statement on Records Handed Over',
      });
      adopted = opened.id;
      const versionHash = opened.currentVersion.hash;
      const post = async (user: User, path: string, body: Record<string, unknown>) => {
        const response = await t.http.post(`/api/v1${path}`).set(auth(user)).send(body);
        expect([path, response.status]).toEqual([path, 201]);
        return response.body as { id: string };
      };
      // During the round: a comment and a text proposal, notes that leave it collecting.
      t.clock.set('2026-03-04T03:00:00Z');
      await post(focal.THA, `/statements/${adopted}/comments`, { text: COMMENT, paragraph: 1 });
      const open = await post(focal.VNM, `/statements/${adopted}/proposals`, {
        paragraph: 1,
        text: PROPOSED,
        rationale: 'Ten years is the ASEAN practice.',
      });
      t.clock.set('2026-03-05T03:00:00Z');
      // Malaysia's position on its behalf, with its note verbale in the same request.
      notePdf = await pdfOf(NOTE_VERBALE);
      const mys = await t.http
        .post(`/api/v1/statements/${adopted}/positions`)
        .set(auth(chair))
        .field('member', 'MYS')
        .field('position', 'endorse')
        .field('versionHash', versionHash)
        .field('reference', NOTE_VERBALE)
        .attach('file', notePdf, {
          filename: 'note verbale 0456.pdf',
          contentType: 'application/pdf',
        });
      expect(mys.status).toBe(201);
      noteId = (await client.get(chair, `/statements/${adopted}/documents`)).body[0].id;
      await client.expectPosition(focal.SGP, adopted, {
        member: 'SGP',
        position: 'endorse_with_reservation',
        versionHash,
        text: 'Singapore reads paragraph 2 as subject to its national law.',
      });
      let last: Record<string, any> = {};
      for (const member of ASEAN_MEMBERS_2026.filter((m) => !['MYS', 'SGP'].includes(m)))
        last = await client.expectPosition(focal[member], adopted, {
          member,
          position: 'endorse',
          versionHash,
        });
      expect(last.state).toBe('adopted');

      const draft = await client.createStatement(chair, {
        framework: 'ACCSM',
        title: 'ASEAN Statement still in drafting',
        body: 'ข้อความภาษาไทย and English, version 1.',
      });
      drafting = draft.body.id;
      // In drafting: two proposals, one accepted and one rejected by the next version.
      const accepted = await post(focal.THA, `/statements/${drafting}/proposals`, {
        paragraph: 1,
        text: 'Version 2 of the draft.',
      });
      const rejected = await post(chair, `/statements/${drafting}/proposals`, {
        paragraph: 1,
        text: 'Another wording.',
        member: 'MYS',
      });
      proposalIds = { open: open.id, accepted: accepted.id, rejected: rejected.id };
      const edited = await client.text(chair, drafting, {
        body: 'Version 2 of the draft.',
        note: 'SOM comments',
        accepted: [accepted.id],
        rejected: [{ id: rejected.id, reason: 'Not agreed at SOM.' }],
      });
      expect(edited.status).toBe(200);
      // A draft with a Thai file name: the archive's path keeps only safe characters.
      draftPdf = await pdfOf('Draft with SOM comments');
      const attached = await t.http
        .post(`/api/v1/statements/${drafting}/documents`)
        .set(auth(chair))
        .field('kind', 'draft')
        .attach('file', draftPdf, { filename: 'ร่าง v2.pdf', contentType: 'application/pdf' });
      expect(attached.status).toBe(201);
      draftDocId = attached.body.id;
      const other = await client.createStatement(chair, {
        framework: 'ACCSM+3',
        title: 'ASEAN+3 Statement of another framework',
        body: 'Plus three.',
      });
      elsewhere = other.body.id;

      const keys = await client.get(chair, '/keys');
      writeFileSync(keysFile, JSON.stringify(keys.body));
      const response = await client.getBytes(client.admin, '/archive?framework=ACCSM');
      expect(response.status).toBe(200);
      headers = response.headers as Record<string, string>;
      writeFileSync(apiZip, response.body as Buffer);
    } finally {
      await t.close();
    }
  }, 2 * CHILD_WAIT_MS);

  afterAll(async () => {
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('GET /archive streams a zip attachment holding each statement, its records and a signed manifest', async () => {
    expect(headers['content-type']).toBe('application/zip');
    expect(headers['content-disposition']).toMatch(
      /^attachment; filename="adref-archive-ACCSM-20260305T030000Z\.zip"$/,
    );
    // Streamed: sent in chunks, its length not known when the headers went out.
    expect(headers['transfer-encoding']).toBe('chunked');
    const entries = await readZip(apiZip);
    const at = (name: string) => `statements/${adopted}/${name}`;
    expect([...entries.keys()].sort()).toEqual(
      [
        'framework.json',
        'keys.json',
        ...[
          'statement.json',
          'versions.json',
          'versions/1.txt',
          'rounds.json',
          'positions.json',
          'comments.json',
          'proposals.json',
          'audit.jsonl',
          'documents.json',
          `documents/${noteId}-note_verbale_0456.pdf`,
          'record.json',
          'record.csv',
          'record.en.pdf',
          'record.th.pdf',
        ].map(at),
        ...[
          'statement.json',
          'versions.json',
          'versions/1.txt',
          'versions/2.txt',
          'rounds.json',
          'positions.json',
          'comments.json',
          'proposals.json',
          'audit.jsonl',
          'documents.json',
          `documents/${draftDocId}-v2.pdf`,
        ].map((name) => `statements/${drafting}/${name}`),
        'manifest.json',
        'manifest.sig',
      ].sort(),
    );
    expect([...entries.keys()].join()).not.toContain(elsewhere);

    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({
      format: 'adref-archive/1',
      framework: { code: 'ACCSM' },
      exportedAt: '2026-03-05T03:00:00.000Z',
      adrefVersion: '0.1.0',
      publicKeyId: JSON.parse(entries.get('keys.json')!.toString()).at(-1).keyId,
      sections: [
        'statement',
        'versions',
        'rounds',
        'positions',
        'comments',
        'proposals',
        'audit',
        'documents',
        'record',
      ],
      statements: [
        { id: adopted, state: 'adopted', folder: `statements/${adopted}/` },
        { id: drafting, state: 'drafting', folder: `statements/${drafting}/` },
      ],
    });
    // Every other file, with its size and sha256.
    expect(manifest.files).toHaveLength(entries.size - 2);
    for (const { path, size, sha256: hash } of manifest.files) {
      expect([path, size, hash]).toEqual([
        path,
        entries.get(path)!.length,
        sha256(entries.get(path)!),
      ]);
    }
    expect(entries.get('manifest.sig')).toHaveLength(64);

    const audit = entries.get(at('audit.jsonl'))!.toString('utf8').trimEnd().split('\n');
    expect(audit.map((line) => JSON.parse(line).type)).toEqual([
      'CREATED',
      'SUBMIT_TO_SOM',
      'APPROVE_IN_PRINCIPLE',
      'OPEN_AD_REFERENDUM',
      'COMMENT_ADDED',
      'PROPOSAL_MADE',
      'RECORD_POSITION',
      'DOCUMENT_ATTACHED',
      ...ASEAN_MEMBERS_2026.slice(1).map(() => 'RECORD_POSITION'),
    ]);
    expect(JSON.parse(audit[0])).toMatchObject({
      seq: 1,
      prevHash: null,
      signature: expect.any(String),
    });
    const positions = JSON.parse(entries.get(at('positions.json'))!.toString('utf8'));
    expect(positions).toHaveLength(ASEAN_MEMBERS_2026.length);
    expect(positions.find((p: any) => p.memberCode === 'MYS')).toMatchObject({
      onBehalf: true,
      reference: NOTE_VERBALE,
    });
    const record = JSON.parse(entries.get(at('record.json'))!.toString('utf8'));
    expect(record.chainHead.seq).toBe(audit.length);
    for (const pdf of ['record.en.pdf', 'record.th.pdf'])
      expect(entries.get(at(pdf))!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(entries.get(at('record.csv'))!.toString('utf8')).toContain('chain head:');
    expect(entries.get(`statements/${drafting}/versions/1.txt`)!.toString('utf8')).toBe(
      'ข้อความภาษาไทย and English, version 1.',
    );

    // Comments and proposals, each bound to the version (and paragraph) it was written on.
    const json = (path: string) => JSON.parse(entries.get(path)!.toString('utf8'));
    const hashOf = (folder: string, n: number) =>
      json(`statements/${folder}/versions.json`).find((v: any) => v.number === n).hash;
    expect(json(at('comments.json'))).toEqual([
      expect.objectContaining({
        version: { number: 1, hash: hashOf(adopted, 1) },
        paragraph: 1,
        replyTo: null,
        text: COMMENT,
        member: 'THA',
        createdAt: '2026-03-04T03:00:00.000Z',
      }),
    ]);
    expect(json(at('proposals.json'))).toEqual([
      expect.objectContaining({
        id: proposalIds.open,
        member: 'VNM',
        version: { number: 1, hash: hashOf(adopted, 1) },
        paragraph: 1,
        text: PROPOSED,
        rationale: 'Ten years is the ASEAN practice.',
        onBehalf: false,
        state: 'open',
        decidedInVersion: null,
      }),
    ]);
    expect(json(`statements/${drafting}/comments.json`)).toEqual([]);
    // Both were made at the same instant: oldest first, ties in id order, so compared sorted.
    expect(
      json(`statements/${drafting}/proposals.json`)
        .map((p: any) => [p.id, p.member, p.onBehalf, p.state, p.decidedInVersion, p.reason])
        .sort((a: string[], b: string[]) => a[3].localeCompare(b[3])),
    ).toEqual([
      [proposalIds.accepted, 'THA', false, 'accepted', 2, null],
      [proposalIds.rejected, 'MYS', true, 'rejected', 2, 'Not agreed at SOM.'],
    ]);
    // The decisions are in the new version's own event; the version maps old paragraphs to new.
    const draftAudit = entries
      .get(`statements/${drafting}/audit.jsonl`)!
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(draftAudit.map((e) => e.type)).toEqual([
      'CREATED',
      'PROPOSAL_MADE',
      'PROPOSAL_MADE',
      'EDIT_TEXT',
      'DOCUMENT_ATTACHED',
    ]);
    expect(draftAudit[3].payload.proposals).toEqual({
      accepted: [proposalIds.accepted],
      rejected: [{ id: proposalIds.rejected, reason: 'Not agreed at SOM.' }],
    });
    expect(json(`statements/${drafting}/versions.json`)[1].paragraphMap).toEqual({ '1': 1 });
    // The record of adoption's annex lists the open proposal too.
    expect(JSON.stringify(record.proposals)).toContain(proposalIds.open);
    // The documents: their bytes as attached, listed with their sha256 and their event's.
    const documents = JSON.parse(entries.get(at('documents.json'))!.toString('utf8'));
    expect(documents).toEqual([
      expect.objectContaining({
        id: noteId,
        kind: 'note_verbale',
        filename: 'note verbale 0456.pdf',
        contentType: 'application/pdf',
        size: notePdf.length,
        sha256: sha256(notePdf),
        positionId: positions.find((p: any) => p.memberCode === 'MYS').id,
        member: 'MYS',
        file: `documents/${noteId}-note_verbale_0456.pdf`,
      }),
    ]);
    expect(entries.get(at(documents[0].file))!.equals(notePdf)).toBe(true);
    const attachedEvent = JSON.parse(audit[7]);
    expect(attachedEvent.payload).toMatchObject({ documentId: noteId, sha256: sha256(notePdf) });
    const drafts = JSON.parse(
      entries.get(`statements/${drafting}/documents.json`)!.toString('utf8'),
    );
    expect(drafts).toEqual([
      expect.objectContaining({ id: draftDocId, kind: 'draft', filename: 'ร่าง v2.pdf' }),
    ]);
    expect(entries.get(`statements/${drafting}/${drafts[0].file}`)!.equals(draftPdf)).toBe(true);
  });

  it(
    'verifies offline with the published key; without it, says the key was the archive’s own',
    async () => {
      const given = await runVerify(['--archive', apiZip, '--key', keysFile]);
      expect(given.output).toContain('verifies with the published key');
      expect(given.output).toMatch(
        new RegExp(`^valid +${adopted} +${7 + ASEAN_MEMBERS_2026.length} events`, 'm'),
      );
      expect(given.output).toMatch(new RegExp(`^valid +${drafting} `, 'm'));
      expect(given.output).toContain('the archive is valid');
      expect(given.code).toBe(0);

      const alone = await runVerify(['--archive', apiZip]);
      expect(alone.output).toContain('checked against the key in the archive only');
      expect(alone.code).toBe(0);

      // Another key, as PEM: the manifest was not signed with it.
      const stranger = join(folder, 'stranger.pem');
      const { publicKey } = generateKeyPairSync('ed25519');
      writeFileSync(stranger, publicKey.export({ type: 'spki', format: 'pem' }));
      const forged = await runVerify(['--archive', apiZip, '--key', stranger]);
      expect(forged.output).toMatch(
        /^FAILED +manifest\.json, manifest\.sig: signed with key \w+, which is not in the key given/m,
      );
      expect(forged.output).toContain('the archive is NOT valid');
      expect(forged.code).toBe(1);
    },
    3 * CHILD_TIMEOUT_MS,
  );

  it('fails, naming the file, when one byte of any file is changed', async () => {
    const entries = await readZip(apiZip);
    const keys = JSON.parse(entries.get('keys.json')!.toString('utf8'));
    const copy = join(folder, 'tampered.zip');
    expect(entries.size).toBeGreaterThan(15);
    for (const path of entries.keys()) {
      await withOneByteChanged(entries, path, copy);
      const report = await checkArchive(copy, { trustedKeys: keys });
      expect([path, report.valid]).toEqual([path, false]);
      const named = report.failures.filter((f) => f.file.split(', ').includes(path));
      expect([path, named.length > 0]).toEqual([path, true]);
    }
    // A document's file: named by the manifest, and its bytes are not the ones its event attached.
    const note = `statements/${adopted}/documents/${noteId}-note_verbale_0456.pdf`;
    await withOneByteChanged(entries, note, copy);
    const changed = await checkArchive(copy, { trustedKeys: keys });
    expect(changed.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: note, message: expect.stringContaining('sha256') }),
        expect.objectContaining({
          file: `statements/${adopted}/documents.json`,
          message: expect.stringMatching(/^document_mismatch: .*hash to/),
        }),
      ]),
    );
    // The untouched archive, zipped again the same way, passes: the failures are the byte's.
    await writeZip(entries, copy);
    const clean = await checkArchive(copy, { trustedKeys: keys });
    expect(failureText(clean)).toBe('');
    expect(clean.valid).toBe(true);
  });

  it('fails on a file missing from the archive or one the manifest does not list', async () => {
    const entries = await readZip(apiZip);
    const copy = join(folder, 'changed.zip');
    const audit = `statements/${adopted}/audit.jsonl`;
    const fewer = new Map(entries);
    fewer.delete(audit);
    await writeZip(fewer, copy);
    const missing = await checkArchive(copy);
    expect(missing.valid).toBe(false);
    expect(missing.failures).toContainEqual({
      file: audit,
      message: 'is in the manifest but not in the archive',
    });

    const more = new Map(entries).set('statements/extra.txt', Buffer.from('slipped in'));
    await writeZip(more, copy);
    const extra = await checkArchive(copy);
    expect(extra.failures).toEqual([
      { file: 'statements/extra.txt', message: 'is in the archive but not in the manifest' },
    ]);
    expect(extra.valid).toBe(false);
  });

  it(
    'names the file on the command line too: the manifest, its signature, an audit file, a PDF',
    async () => {
      const entries = await readZip(apiZip);
      for (const path of [
        'manifest.json',
        'manifest.sig',
        `statements/${adopted}/audit.jsonl`,
        `statements/${adopted}/record.en.pdf`,
        `statements/${adopted}/comments.json`,
        `statements/${drafting}/proposals.json`,
      ]) {
        const copy = join(folder, `cli-${path.replace(/\W/g, '_')}.zip`);
        await withOneByteChanged(entries, path, copy);
        const run = await runVerify(['--archive', copy, '--key', keysFile]);
        // A changed manifest and a changed signature both break the signature, which names both.
        expect(run.output).toMatch(
          new RegExp(`^FAILED +(\\S+, )?${path.replace(/\./g, '\\.')}[,:]`, 'm'),
        );
        expect(run.code).toBe(1);
      }
      const notZip = join(folder, 'not-a-zip.zip');
      writeFileSync(notZip, 'not a zip');
      const unreadable = await runVerify(['--archive', notZip]);
      expect(unreadable.output).toContain('is not a readable zip');
      expect(unreadable.code).toBe(2);
    },
    5 * CHILD_TIMEOUT_MS,
  );

  it(
    'npm run export writes the same archive, which npm run verify passes offline',
    async () => {
      const out = join(folder, 'export-one');
      const exported = await runNpmScript(
        'export',
        [out, '--framework', 'ACCSM'],
        env,
        CHILD_TIMEOUT_MS,
      );
      expect(exported.stderr).toBe('');
      expect(exported.stdout).toMatch(
        /^wrote .*adref-archive-ACCSM-\d{8}T\d{6}Z\.zip: 2 statement\(s\), 29 files, \d+ bytes$/m,
      );
      expect(exported.code).toBe(0);
      const [name] = readdirSync(out);
      const file = join(out, name);

      const verified = await runNpmScript(
        'verify',
        ['--archive', file, '--key', keysFile],
        { DATABASE_URL: undefined, ADREF_DATA_DIR: undefined },
        CHILD_TIMEOUT_MS,
      );
      expect(verified.stdout).toContain('the archive is valid');
      expect(verified.code).toBe(0);

      // The same rows as the API's archive; only the time of export (in the PDFs) differs.
      const [viaApi, viaScript] = [await readZip(apiZip), await readZip(file)];
      expect([...viaScript.keys()].sort()).toEqual([...viaApi.keys()].sort());
      for (const path of viaApi.keys()) {
        if (/\.(json|jsonl|txt|csv)$/.test(path) && path !== 'manifest.json')
          expect([path, viaScript.get(path)!.equals(viaApi.get(path)!)]).toEqual([path, true]);
      }
    },
    3 * CHILD_TIMEOUT_MS,
  );

  it(
    'npm run export without --framework writes one archive per framework',
    async () => {
      const out = join(folder, 'export-all');
      mkdirSync(out);
      const exported = await new Promise<Run>((done, fail) => {
        const child = spawn(process.execPath, [join(ROOT, 'dist/scripts/export.js'), out], {
          cwd: ROOT,
          env: Object.fromEntries(
            Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined),
          ),
          stdio: 'pipe',
        });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('error', fail);
        child.on('close', (code) => done({ code, output }));
      });
      expect(exported.code).toBe(0);
      const names = readdirSync(out);
      expect(names.map((n) => n.replace(/-\d{8}T\d{6}Z\.zip$/, '')).sort()).toEqual([
        'adref-archive-ACCSM',
        'adref-archive-ACCSM+3',
      ]);
      const plusThree = await checkArchive(
        join(
          out,
          names.find((n) => n.includes('+3'))!,
        ),
      );
      expect(failureText(plusThree)).toBe('');
      expect(plusThree.statements.map((s) => [s.statementId, s.valid])).toEqual([
        [elsewhere, true],
      ]);
    },
    2 * CHILD_TIMEOUT_MS,
  );
});

describe('GET /archive: who may, and what is refused', () => {
  let t: TestApp;
  let client: AdrefClient;

  beforeAll(async () => {
    t = await createTestApp(OPENED_AT);
    client = new AdrefClient(t);
  });
  afterAll(() => t.close());

  it('is for admins only: 403 with its code for the chair, a focal point and an observer', async () => {
    for (const [role, member] of [
      ['chair_secretariat', 'KHM'],
      ['focal_point', 'THA'],
      ['observer', undefined],
    ] as const) {
      const user = await client.user(role, member);
      const response = await client.get(user, '/archive?framework=ACCSM');
      expect([role, response.status, response.body.code]).toEqual([role, 403, 'forbidden']);
    }
  });

  it('answers 404 for an unknown framework and 400 without one, before any byte of zip', async () => {
    const unknown = await client.get(client.admin, '/archive?framework=NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'not_found', message: 'framework NOPE not found' });
    const missing = await client.get(client.admin, '/archive');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('invalid_input');
  });

  it('gives an empty framework an archive with its manifest', async () => {
    const response = await client.getBytes(client.admin, '/archive?framework=ACCSM%2B3');
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain('adref-archive-ACCSM+3-');
    const file = join(mkdtempSync(join(tmpdir(), 'adref-archive-empty-')), 'a.zip');
    writeFileSync(file, response.body as Buffer);
    const report = await checkArchive(file);
    expect(failureText(report)).toBe('');
    expect(report.manifest?.statements).toEqual([]);
    expect(report.valid).toBe(true);
    rmSync(file);
  });
});
