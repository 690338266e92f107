import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TimersService } from '../../src/timers/timers.service';
import { VerifyService } from '../../src/verify/verify.service';
import { parseWitnesses } from '../../src/verify/witness.util';
import { auditHash } from '../../src/engine/audit.repository';
import { AuditEventEntity } from '../../src/engine/engine.entities';
import { AdrefClient, ASEAN_MEMBERS_2026, auth, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const OPENED_AT = '2026-03-02T02:00:00Z';
const DEADLINE = '2026-04-01T17:00:00+07:00';
const FIRST_TEXT =
  'The Heads of Civil Service resolve to cooperate.\nEach member funds a centre.\n';
const REVISED_TEXT =
  'The Heads of Civil Service resolve to cooperate.\nEach member may support a centre.\n';
const IMPORTS = join(__dirname, '../../scripts/imports');
const OBJECTION = 'Malaysia cannot commit to funding a centre.';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const kinds = (report: { problems: { kind: string }[] }) =>
  [...new Set(report.problems.map((p) => p.kind))].sort();

// Tampering as an adversary with the database's superuser would: switch the append-only
// triggers off, change rows, switch them on again; then verify must name what changed.
describe('verification: GET /statements/:id/verify replays the signed history', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let observer: User;
  let focal: Record<string, User>;
  let control: string;

  const verify = async (id: string) => {
    const response = await client.get(observer, `/statements/${id}/verify`);
    expect(response.status).toBe(200);
    return response.body as {
      valid: boolean;
      checkedEvents: number;
      problems: { seq?: number; kind: string; message: string }[];
    };
  };

  async function asSuperuser(tables: string[], change: () => Promise<void>): Promise<void> {
    for (const table of tables)
      await t.dataSource.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    try {
      await change();
    } finally {
      for (const table of tables)
        await t.dataSource.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
  }

  /** A round on FIRST_TEXT in which Malaysia objects and Thailand endorses: blocked. */
  async function blockedByMalaysia(): Promise<{ id: string; hash: string }> {
    t.clock.set(OPENED_AT);
    const opened = await client.openRound(cambodia, { deadline: DEADLINE, body: FIRST_TEXT });
    const hash: string = opened.currentVersion.hash;
    await client.expectPosition(focal.MYS, opened.id, {
      member: 'MYS',
      position: 'object',
      versionHash: hash,
      text: OBJECTION,
    });
    const blocked = await client.expectPosition(focal.THA, opened.id, {
      member: 'THA',
      position: 'endorse',
      versionHash: hash,
    });
    expect(blocked.roundState).toBe('blocked');
    return { id: opened.id, hash };
  }

  /** Every elector endorses but the last; returns what the last one needs. */
  async function allButOneEndorse(): Promise<{ id: string; hash: string; last: string }> {
    t.clock.set(OPENED_AT);
    const opened = await client.openRound(cambodia, { deadline: DEADLINE, body: FIRST_TEXT });
    const electorate = opened.round.electorate as string[];
    for (const member of electorate.slice(0, -1)) {
      await client.expectPosition(focal[member], opened.id, {
        member,
        position: 'endorse',
        versionHash: opened.currentVersion.hash,
      });
    }
    return { id: opened.id, hash: opened.currentVersion.hash, last: electorate.at(-1)! };
  }

  beforeAll(async () => {
    t = await createTestApp(OPENED_AT);
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    observer = await client.user('observer');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026);
    control = (await blockedByMalaysia()).id;
  });
  afterAll(() => t.close());

  // Whatever a test forged, the untouched statement still verifies: verify names the forgery only.
  afterEach(async () => {
    expect(await verify(control)).toMatchObject({ valid: true, problems: [] });
  });

  it('a statement taken through objection, revision, a reminder and adoption by silence verifies', async () => {
    const { id } = await blockedByMalaysia();
    const edited = await client.expectEvent(cambodia, id, {
      type: 'REVISE',
      body: REVISED_TEXT,
      note: 'Funding made voluntary',
    });
    const hash = edited.currentVersion.hash as string;
    expect(hash).toBe(sha256(REVISED_TEXT));
    await client.expectEvent(cambodia, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: DEADLINE,
      silenceRule: 'silence_is_consent',
      reminderOffsets: ['P7D'],
    });
    // Thailand's first answer is superseded by its second.
    for (const [member, position] of [
      ['THA', 'clearance_pending'],
      ['THA', 'endorse'],
      ['SGP', 'endorse_with_reservation'],
    ]) {
      await client.expectPosition(focal[member], id, {
        member,
        position,
        versionHash: hash,
        ...(position === 'endorse_with_reservation' ? { text: 'Within national law.' } : {}),
      });
    }
    const timers = t.app.get(TimersService);
    t.clock.set('2026-03-27T00:00:00Z');
    await timers.fireDue();
    t.clock.set('2026-04-02T00:00:00Z');
    await timers.fireDue();
    const adopted = (await client.statement(observer, id)).body;
    expect(adopted.state).toBe('adopted');
    const history = (await client.history(observer, id)).body.events as { type: string }[];
    expect(history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['REVISE', 'REMINDER_DUE', 'DEADLINE_PASSED']),
    );

    expect(await verify(id)).toEqual({
      valid: true,
      checkedEvents: history.length,
      problems: [],
    });
  });

  it('an edited event whose later hashes were recomputed: the chain links, the signatures fail', async () => {
    const { id } = await blockedByMalaysia();
    const events = await t.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { statementId: id }, order: { seq: 'ASC' } });
    // The launch is put in Brunei's name, and every hash after it recomputed to link again.
    const forged = events.find((e) => e.type === 'OPEN_AD_REFERENDUM')!;
    forged.actorLabel = 'Brunei secretariat (chair_secretariat, BRN)';
    await asSuperuser(['audit_events'], async () => {
      let previous: string | null = null;
      for (const event of events) {
        event.prevHash = previous;
        event.hash = auditHash(event);
        previous = event.hash;
        await t.dataSource.query(
          'UPDATE audit_events SET actor_label = $1, prev_hash = $2, hash = $3 WHERE id = $4',
          [event.actorLabel, event.prevHash, event.hash, event.id],
        );
      }
    });

    const report = await verify(id);
    expect(report.valid).toBe(false);
    expect(kinds(report)).toEqual(['bad_signature']);
    expect(report.problems.map((p) => p.seq)).toEqual(
      events.filter((e) => e.seq >= forged.seq).map((e) => e.seq),
    );
    expect(report.checkedEvents).toBe(events.length);
    expect(report.problems[0].message).toContain('does not verify with the published key');
  });

  it('a deleted last event, with the state rolled back to match, is found by a record taken earlier', async () => {
    const { id, hash, last } = await allButOneEndorse();
    const [before] = await t.dataSource.query('SELECT * FROM statements WHERE id = $1', [id]);
    const [roundBefore] = await t.dataSource.query('SELECT * FROM rounds WHERE statement_id = $1', [
      id,
    ]);
    await client.expectPosition(focal[last], id, {
      member: last,
      position: 'endorse',
      versionHash: hash,
    });
    const record = await client.get(observer, `/statements/${id}/record`);
    expect(record.status).toBe(200);
    const witnesses = parseWitnesses(JSON.stringify(record.body), 'record.json');
    expect(witnesses).toHaveLength(1);
    const head = witnesses[0];
    expect(head.statementId).toBe(id);

    // The adopting event goes, and with it every trace it left in the state.
    await asSuperuser(['audit_events', 'positions'], async () => {
      await t.dataSource.query('DELETE FROM audit_events WHERE statement_id = $1 AND seq = $2', [
        id,
        head.seq,
      ]);
      await t.dataSource.query(
        'DELETE FROM positions WHERE statement_id = $1 AND member_code = $2',
        [id, last],
      );
      await t.dataSource.query(
        `UPDATE statements SET snapshot = $2::jsonb, state = $3, round_state = $4, open_deadline = $5,
                lock_version = $6, updated_at = $7 WHERE id = $1`,
        [
          id,
          JSON.stringify(before.snapshot),
          before.state,
          before.round_state,
          before.open_deadline,
          before.lock_version,
          before.updated_at,
        ],
      );
      await t.dataSource.query('UPDATE rounds SET closed_at = NULL, outcome = NULL WHERE id = $1', [
        roundBefore.id,
      ]);
    });

    // Inside adref everything agrees: the deletion is invisible without a copy held outside.
    expect(await verify(id)).toEqual({ valid: true, checkedEvents: head.seq - 1, problems: [] });

    const report = await t.app.get(VerifyService).verify(id, { witnesses });
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      {
        seq: head.seq,
        kind: 'missing_events',
        message: `the witness in record.json holds event ${head.seq}; the chain ends at ${head.seq - 1}: events were deleted`,
      },
    ]);
  });

  it('a forged snapshot that hides Malaysia’s objection does not match the replay', async () => {
    const { id } = await blockedByMalaysia();
    const clean = await verify(id);
    expect(clean.valid).toBe(true);
    await t.dataSource.query(
      `UPDATE statements
          SET snapshot = jsonb_set(snapshot #- '{context,round,positions,MYS}',
                                   '{value,ad_referendum}', '"collecting"'),
              round_state = 'collecting'
        WHERE id = $1`,
      [id],
    );
    expect((await client.statement(observer, id)).body.roundState).toBe('collecting');

    const report = await verify(id);
    expect(report.valid).toBe(false);
    expect(kinds(report)).toEqual(['snapshot_mismatch']);
    expect(report.checkedEvents).toBe(clean.checkedEvents);
    const messages = report.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('context.round.positions.MYS');
    expect(messages).toContain('value.ad_referendum');
    expect(messages).toContain('round_state is collecting; the events give blocked');
  });

  it('a forged position row (an objection turned into an endorsement) does not match its event', async () => {
    const { id } = await blockedByMalaysia();
    const clean = await verify(id);
    await asSuperuser(['positions'], async () => {
      await t.dataSource.query(
        `UPDATE positions SET position = 'endorse', text = NULL
          WHERE statement_id = $1 AND member_code = 'MYS'`,
        [id],
      );
    });
    const seq = ((await client.history(observer, id)).body.events as any[]).find(
      (e) => e.type === 'RECORD_POSITION' && e.payload.position.member === 'MYS',
    ).seq;

    const report = await verify(id);
    expect(report.valid).toBe(false);
    expect(kinds(report)).toEqual(['position_mismatch']);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0].seq).toBe(seq);
    expect(report.problems[0].message).toMatch(/MYS's positions in round 1: .* in position, text$/);
    expect(report.checkedEvents).toBe(clean.checkedEvents);
  });

  it('a forged text: a changed body, then a changed body with its hash', async () => {
    const { id } = await blockedByMalaysia();
    const clean = await verify(id);
    const forgedBody = FIRST_TEXT.replace('funds', 'may fund');
    await asSuperuser(['text_versions'], async () => {
      await t.dataSource.query(
        'UPDATE text_versions SET body = $2 WHERE statement_id = $1 AND number = 1',
        [id, forgedBody],
      );
    });
    const report = await verify(id);
    expect(kinds(report)).toEqual(['text_mismatch']);
    expect(report.problems).toEqual([
      {
        kind: 'text_mismatch',
        message: `the text of version 1 hashes to ${sha256(forgedBody)}, not its stored hash ${sha256(FIRST_TEXT)}`,
      },
    ]);
    expect(report.checkedEvents).toBe(clean.checkedEvents);

    await asSuperuser(['text_versions'], async () => {
      await t.dataSource.query(
        'UPDATE text_versions SET hash = $2 WHERE statement_id = $1 AND number = 1',
        [id, sha256(forgedBody)],
      );
    });
    const rehashed = await verify(id);
    expect(rehashed.problems).toEqual([
      {
        seq: 1,
        kind: 'text_mismatch',
        message: `version 1 is stored with hash ${sha256(forgedBody)}; event 1 refers to ${sha256(FIRST_TEXT)}`,
      },
    ]);
  });

  it('the statements imported from the records (2019, 2024) verify: their replay gives what the import stored', async () => {
    for (const name of ['accsm-2019-good-governance', 'accsm-2024-work-life-balance']) {
      const file = JSON.parse(readFileSync(join(IMPORTS, `${name}.json`), 'utf8'));
      const imported = await t.http
        .post('/api/v1/statements/import')
        .set(auth(client.admin))
        .send(file);
      expect(imported.status).toBe(201);
      const report = await verify(imported.body.id);
      expect(report).toMatchObject({ valid: true, problems: [] });
      expect(report.checkedEvents).toBe(file.events.length);
    }
  });

  it('signatures are checked against a saved copy of GET /keys when one is given', async () => {
    const { id } = await blockedByMalaysia();
    const published = await t.http.get('/api/v1/keys');
    expect(published.status).toBe(200);
    const verifier = t.app.get(VerifyService);
    expect(await verifier.verify(id, { trustedKeys: published.body })).toMatchObject({
      valid: true,
    });
    // A key someone slipped into signing_keys is not one the archive kept.
    const stranger = generateKeyPairSync('ed25519').publicKey;
    const trustedKeys = [
      {
        keyId: 'stranger00000000',
        publicKeyPem: stranger.export({ type: 'spki', format: 'pem' }).toString(),
      },
    ];
    const report = await verifier.verify(id, { trustedKeys });
    expect(kinds(report)).toEqual(['unknown_key']);
    expect(report.problems).toHaveLength(report.checkedEvents);
  });

  it('refuses an unknown statement and a caller who has not signed in', async () => {
    const unknown = await client.get(
      observer,
      '/statements/00000000-0000-4000-8000-000000000000/verify',
    );
    expect(unknown.status).toBe(404);
    const anonymous = await t.http.get(`/api/v1/statements/${control}/verify`);
    expect(anonymous.status).toBe(401);
  });
});
