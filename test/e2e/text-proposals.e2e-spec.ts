import { NotifyService } from '../../src/notify/notify.service';
import { VerifyService } from '../../src/verify/verify.service';
import { AdrefClient, ASEAN_MEMBERS_2026, auth, User } from '../support/adref-client';
import { MailSink } from '../support/mail-sink';
import { pdfToText } from '../support/pdf-text';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const DEADLINE = '2026-04-01T17:00:00+07:00';
const LATER_DEADLINE = '2026-05-01T17:00:00+07:00';
const P1 = 'The Heads of Civil Service resolve to cooperate on digital public services.';
const P2 = 'Each member funds a regional centre.';
const P3 = 'The ACCSM reviews progress every year.';
const TEXT = `${P1}\n\n${P2}\n\n${P3}\n`;
const THAI_PROPOSAL = 'Each member may, within its means, support a regional centre.';
const MALAYSIAN_PROPOSAL = 'The ACCSM reviews progress every two years.';

// Text proposals (issue 12, part 2): non-blocking, bound to a version and a paragraph, decided
// by the chair with a new version, notified to the proposers and listed in the record's annex.
describe('text proposals: the consolidated view and the chair’s decisions', () => {
  let t: TestApp;
  let client: AdrefClient;
  let mail: MailSink;
  let notify: NotifyService;
  let chair: User;
  let observer: User;
  let focal: Record<string, User>;
  const emailOf: Record<string, string> = {};

  const post = (user: User, path: string, body: Record<string, unknown>) =>
    t.http.post(`${API}${path}`).set(auth(user)).send(body);
  const propose = (user: User, id: string, body: Record<string, unknown>) =>
    post(user, `/statements/${id}/proposals`, body);
  const expectProposal = async (user: User, id: string, body: Record<string, unknown>) => {
    // A minute apart, so that "oldest first" is the order they were made in.
    t.clock.advance(60_000);
    const response = await propose(user, id, body);
    if (response.status !== 201)
      throw new Error(`proposal refused: ${response.status} ${response.text}`);
    return response.body as Record<string, any>;
  };
  const consolidated = async (id: string) => {
    const response = await client.get(observer, `/statements/${id}/proposals`);
    expect(response.status).toBe(200);
    return response.body as Record<string, any>;
  };
  const verify = async (id: string) =>
    (await client.get(observer, `/statements/${id}/verify`)).body;
  const deliver = async () => {
    await notify.expandPending();
    while ((await notify.deliverDue()) > 0) await notify.expandPending();
  };
  const proposalCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM text_proposals`))[0].n as number;
  const states = async () =>
    (await t.dataSource.query(
      `SELECT id, state, reason FROM text_proposals ORDER BY id`,
    )) as unknown[];

  /** A statement approved in principle, with the three-paragraph text; a round open if asked. */
  const statement = async (round: boolean): Promise<{ id: string; hash: string }> => {
    const created = await client.createStatement(chair, {
      framework: 'ACCSM',
      title: 'ASEAN Statement on Digital Public Services',
      titleTh: 'ถ้อยแถลงอาเซียนว่าด้วยบริการสาธารณะดิจิทัล',
      body: TEXT,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await client.expectEvent(chair, id, { type: 'SUBMIT_TO_SOM' });
    const approved = await client.expectEvent(chair, id, { type: 'APPROVE_IN_PRINCIPLE' });
    if (!round) return { id, hash: approved.currentVersion.hash };
    const opened = await client.expectEvent(chair, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: DEADLINE,
      silenceRule: 'explicit',
    });
    return { id, hash: opened.currentVersion.hash };
  };

  beforeAll(async () => {
    mail = new MailSink();
    const smtpPort = await mail.start();
    t = await createTestApp('2026-03-02T02:00:00Z', {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'adref <adref@example.org>',
    });
    client = new AdrefClient(t);
    notify = t.app.get(NotifyService);
    chair = await client.user('chair_secretariat', 'KHM');
    observer = await client.user('observer');
    focal = {};
    for (const member of ASEAN_MEMBERS_2026) {
      emailOf[member] = `fp.${member.toLowerCase()}@example.org`;
      const response = await t.http
        .post(`${API}/users`)
        .set(auth(client.admin))
        .send({
          name: `${member} focal point`,
          email: emailOf[member],
          role: 'focal_point',
          member,
          language: member === 'THA' ? 'th' : 'en',
        });
      expect(response.status).toBe(201);
      focal[member] = { ...response.body, role: 'focal_point', member };
    }
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('a focal point proposes during an open round: the round stays collecting, the history has it, verify passes', async () => {
    const { id, hash } = await statement(true);
    const before = (await client.statement(observer, id)).body;
    const proposal = await expectProposal(focal.THA, id, {
      paragraph: 2,
      text: THAI_PROPOSAL,
      rationale: 'Funding must stay voluntary.',
    });
    expect(proposal).toMatchObject({
      member: 'THA',
      paragraph: 2,
      currentParagraph: 2,
      version: { number: 1, hash },
      state: 'open',
      onBehalf: false,
      proposedBy: { id: focal.THA.id, role: 'focal_point', member: 'THA' },
    });
    expect(proposal.diff).toEqual(
      expect.arrayContaining([
        { type: 'added', value: 'may, within its means, support' },
        { type: 'removed', value: 'funds' },
      ]),
    );
    const after = await client.statement(observer, id);
    expect(after.body.state).toBe('ad_referendum');
    expect(after.body.roundState).toBe('collecting');
    // A proposal is an audit note: it does not invalidate a chair's If-Match.
    expect(after.body.lockVersion).toBe(before.lockVersion);
    expect(after.body.round.positions).toEqual(before.round.positions);
    const history = (await client.history(observer, id)).body;
    const made = history.events.at(-1);
    expect(made).toMatchObject({
      type: 'PROPOSAL_MADE',
      stateFrom: 'ad_referendum.collecting',
      stateTo: 'ad_referendum.collecting',
    });
    expect(made.payload).toMatchObject({ proposalId: proposal.id, member: 'THA', paragraph: 2 });
    expect(await verify(id)).toMatchObject({ valid: true, problems: [] });

    // The secretariat proposes on a member's behalf, naming the member.
    const onBehalf = await expectProposal(chair, id, {
      paragraph: 3,
      text: MALAYSIAN_PROPOSAL,
      member: 'MYS',
    });
    expect(onBehalf).toMatchObject({ member: 'MYS', onBehalf: true });
    expect(onBehalf.proposedBy).toMatchObject({ id: chair.id, role: 'chair_secretariat' });
  });

  it('REVISE during a round accepts one proposal and rejects another: version 2, both fates, the proposers notified, the record’s annex', async () => {
    const { id, hash } = await statement(true);
    const thai = await expectProposal(focal.THA, id, { paragraph: 2, text: THAI_PROPOSAL });
    const malaysian = await expectProposal(focal.MYS, id, {
      paragraph: 3,
      text: MALAYSIAN_PROPOSAL,
    });
    // Malaysia blocks the round, pointing its objection at its own proposal.
    await client.expectPosition(focal.MYS, id, {
      member: 'MYS',
      position: 'object',
      versionHash: hash,
      text: 'Yearly reviews are too frequent.',
      proposalIds: [malaysian.id],
    });
    const objection = (await client.history(observer, id)).body.events.at(-1);
    expect(objection.payload.proposalIds).toEqual([malaysian.id]);
    await deliver();
    mail.clear();

    const revisedText = `${P1}\n\n${THAI_PROPOSAL}\n\n${P3}\n`;
    const revised = await client.expectEvent(chair, id, {
      type: 'REVISE',
      body: revisedText,
      note: 'Takes the Thai proposal',
      accepted: [thai.id],
      rejected: [{ id: malaysian.id, reason: 'Yearly reviews were agreed at SOM.' }],
    });
    expect(revised.state).toBe('approved_in_principle');
    expect(revised.currentVersion.number).toBe(2);

    const view = await consolidated(id);
    expect(view.version.number).toBe(2);
    expect(view.paragraphs.map((p: any) => p.text)).toEqual([P1, THAI_PROPOSAL, P3]);
    expect(view.paragraphs[1].proposals).toEqual([
      expect.objectContaining({ id: thai.id, state: 'accepted', decidedInVersion: 2 }),
    ]);
    expect(view.paragraphs[2].proposals).toEqual([
      expect.objectContaining({
        id: malaysian.id,
        state: 'rejected',
        reason: 'Yearly reviews were agreed at SOM.',
        decidedInVersion: 2,
      }),
    ]);
    const v2 = await client.get(observer, `/statements/${id}/versions/2`);
    expect(v2.body.paragraphMap).toEqual({ '1': 1, '2': 2, '3': 3 });
    const reviseEvent = (await client.history(observer, id)).body.events.find(
      (e: any) => e.type === 'REVISE',
    );
    expect(reviseEvent.payload.proposals).toEqual({
      accepted: [thai.id],
      rejected: [{ id: malaysian.id, reason: 'Yearly reviews were agreed at SOM.' }],
    });

    await deliver();
    const thaiMail = mail.to(emailOf.THA).find((m) => m.subject.includes('ฉบับที่ 2'));
    expect(thaiMail?.text).toContain('ย่อหน้าที่ 2 (ฉบับที่ 1): รับ');
    const malaysianMail = mail
      .to(emailOf.MYS)
      .find((m) => m.subject.includes('text proposals were decided in version 2'));
    expect(malaysianMail?.text).toContain(
      'Paragraph 3 (version 1): rejected. Reason: Yearly reviews were agreed at SOM.',
    );
    // Only the proposers' members hear of it.
    expect(mail.to(emailOf.VNM).filter((m) => m.subject.includes('proposals'))).toEqual([]);
    expect(await verify(id)).toMatchObject({ valid: true, problems: [] });

    // Re-circulated and endorsed by all: the record of adoption lists both proposals with their fate.
    const reopened = await client.expectEvent(chair, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: LATER_DEADLINE,
      silenceRule: 'explicit',
    });
    for (const member of ASEAN_MEMBERS_2026) {
      await client.expectPosition(focal[member], id, {
        member,
        position: 'endorse',
        versionHash: reopened.currentVersion.hash,
      });
    }
    const record = await client.get(observer, `/statements/${id}/record`);
    expect(record.status).toBe(200);
    expect(record.body.proposals).toEqual([
      expect.objectContaining({
        id: thai.id,
        member: 'THA',
        paragraph: 2,
        versionNumber: 1,
        state: 'accepted',
        decidedInVersion: 2,
      }),
      expect.objectContaining({
        id: malaysian.id,
        member: 'MYS',
        state: 'rejected',
        reason: 'Yearly reviews were agreed at SOM.',
      }),
    ]);
    const csv = (await client.getBytes(observer, `/statements/${id}/record.csv`)).body.toString();
    expect(csv).toContain(
      `# proposal ${thai.id}: THA, paragraph 2 of version 1: accepted in version 2; proposed: ${THAI_PROPOSAL}`,
    );
    expect(csv).toContain(
      `# proposal ${malaysian.id}: MYS, paragraph 3 of version 1: rejected in version 2: Yearly reviews were agreed at SOM.`,
    );
    const pdf = pdfToText(
      (await client.getBytes(observer, `/statements/${id}/record.pdf?lang=en`)).body,
    );
    expect(pdf).toContain('Annex D. Text proposals and their fate');
    expect(pdf).toContain('THA, paragraph 2 of version 1: accepted in version 2');
    expect(pdf).toContain('MYS, paragraph 3 of version 1: rejected in version 2');
    expect(await verify(id)).toMatchObject({ valid: true, problems: [] });
  });

  it('PUT /text in approved_in_principle decides proposals as REVISE does', async () => {
    const { id } = await statement(false);
    const thai = await expectProposal(focal.THA, id, { paragraph: 2, text: THAI_PROPOSAL });
    const malaysian = await expectProposal(focal.MYS, id, {
      paragraph: 3,
      text: MALAYSIAN_PROPOSAL,
    });
    const response = await client.text(chair, id, {
      body: `${P1}\n\n${THAI_PROPOSAL}\n\n${P3}\n`,
      note: 'Takes the Thai proposal',
      accepted: [thai.id],
      rejected: [{ id: malaysian.id, reason: 'Agreed at SOM.' }],
    });
    expect(response.status).toBe(200);
    expect(response.body.currentVersion.number).toBe(2);
    const view = await consolidated(id);
    const fates = [...view.paragraphs.flatMap((p: any) => p.proposals)].map((p: any) => [
      p.member,
      p.state,
      p.reason,
      p.decidedInVersion,
    ]);
    expect(fates).toEqual([
      ['THA', 'accepted', null, 2],
      ['MYS', 'rejected', 'Agreed at SOM.', 2],
    ]);
    const edit = (await client.history(observer, id)).body.events.at(-1);
    expect(edit.type).toBe('EDIT_TEXT');
    expect(edit.payload.proposals.accepted).toEqual([thai.id]);
    expect(await verify(id)).toMatchObject({ valid: true, problems: [] });
  });

  it('the proposer withdraws its own open proposal; nobody else does, and not twice', async () => {
    const { id } = await statement(true);
    const read = (await client.statement(chair, id)).body.lockVersion as number;
    const thai = await expectProposal(focal.THA, id, { paragraph: 1, text: 'Another opening.' });
    const path = `/statements/${id}/proposals/${thai.id}/withdraw`;
    const other = await post(focal.MYS, path, {});
    expect(other.status).toBe(403);
    const withdrawn = await post(focal.THA, path, {});
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    const again = await post(focal.THA, path, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('proposal_not_open');
    const history = (await client.history(observer, id)).body.events;
    expect(history.at(-1)).toMatchObject({ type: 'PROPOSAL_WITHDRAWN' });
    expect((await consolidated(id)).paragraphs[0].proposals[0].state).toBe('withdrawn');
    // Made and withdrawn are notes: the chair's If-Match read before them still holds.
    expect((await client.statement(observer, id)).body.lockVersion).toBe(read);
    const revise = await t.http
      .post(`${API}/statements/${id}/events`)
      .set(auth(chair))
      .set('If-Match', String(read))
      .send({ type: 'REVISE', body: `${P1}\n\n${P2}\n\n${P3} Again.\n`, note: 'Unrelated' });
    expect([revise.status, revise.body.currentVersion?.number]).toEqual([200, 2]);
    expect(revise.body.lockVersion).toBe(read + 1);
    expect(await verify(id)).toMatchObject({ valid: true, problems: [] });
  });

  it('refuses bad proposals and bad decisions with codes, and changes nothing', async () => {
    const { id, hash } = await statement(true);
    const thai = await expectProposal(focal.THA, id, { paragraph: 2, text: THAI_PROPOSAL });
    const withdrawn = await expectProposal(focal.MYS, id, { paragraph: 3, text: 'Gone.' });
    expect(
      (await post(focal.MYS, `/statements/${id}/proposals/${withdrawn.id}/withdraw`, {})).status,
    ).toBe(200);
    const counts = { ...(await client.counts()), text_proposals: await proposalCount() };
    const before = await states();
    const lockVersion = (await client.statement(observer, id)).body.lockVersion;

    const refusals: [Promise<any>, number, string][] = [
      [propose(focal.THA, id, { paragraph: 4, text: 'x' }), 422, 'paragraph_out_of_range'],
      [propose(focal.THA, id, { paragraph: 0, text: 'x' }), 400, 'invalid_input'],
      [propose(focal.THA, id, { paragraph: 1, text: '' }), 400, 'invalid_input'],
      [propose(focal.THA, id, { paragraph: 1, text: 'x', member: 'MYS' }), 403, 'forbidden'],
      [propose(observer, id, { paragraph: 1, text: 'x' }), 403, 'forbidden'],
      [propose(chair, id, { paragraph: 1, text: 'x' }), 400, 'invalid_input'],
      [
        propose(chair, id, { paragraph: 1, text: 'x', member: 'CHN' }),
        422,
        'member_not_in_electorate',
      ],
      [
        client.position(focal.VNM, id, {
          member: 'VNM',
          position: 'object',
          versionHash: hash,
          text: 'No.',
          proposalIds: [thai.id],
        }),
        422,
        'proposal_of_other_member',
      ],
      [
        client.position(focal.THA, id, {
          member: 'THA',
          position: 'endorse',
          versionHash: hash,
          proposalIds: [thai.id],
        }),
        422,
        'proposals_need_objection',
      ],
      [
        client.position(focal.THA, id, {
          member: 'THA',
          position: 'object',
          versionHash: hash,
          text: 'No.',
          proposalIds: ['00000000-0000-4000-8000-000000000000'],
        }),
        422,
        'unknown_proposal',
      ],
      [
        client.event(chair, id, { type: 'REVISE', body: 'New.', accepted: [withdrawn.id] }),
        409,
        'proposal_not_open',
      ],
      [
        client.event(chair, id, {
          type: 'REVISE',
          body: 'New.',
          accepted: [thai.id],
          rejected: [{ id: thai.id, reason: 'both' }],
        }),
        422,
        'proposal_decided_twice',
      ],
      [
        client.event(chair, id, {
          type: 'REVISE',
          body: 'New.',
          accepted: ['00000000-0000-4000-8000-000000000000'],
        }),
        422,
        'unknown_proposal',
      ],
      [client.event(chair, id, { type: 'REVISE', accepted: [thai.id] }), 400, 'invalid_input'],
      [
        client.event(chair, id, { type: 'REVISE', body: 'New.', rejected: [{ id: thai.id }] }),
        400,
        'invalid_input',
      ],
      // The text cannot be edited during a round: PUT /text is refused before any decision.
      [
        client.text(chair, id, { body: 'New.', note: 'n', accepted: [thai.id] }),
        409,
        'text_not_editable',
      ],
    ];
    for (const [request, status, code] of refusals) {
      const response = await request;
      expect([response.status, response.body.code]).toEqual([status, code]);
    }
    expect({ ...(await client.counts()), text_proposals: await proposalCount() }).toEqual(counts);
    expect(await states()).toEqual(before);
    expect((await client.statement(observer, id)).body.lockVersion).toBe(lockVersion);

    // No proposals where the text can be neither edited nor answered (SOM review).
    const created = await client.createStatement(chair, {
      framework: 'ACCSM',
      title: 'Under review',
      body: TEXT,
    });
    await client.expectEvent(chair, created.body.id, { type: 'SUBMIT_TO_SOM' });
    const closed = await propose(focal.THA, created.body.id, { paragraph: 1, text: 'x' });
    expect([closed.status, closed.body.code]).toEqual([409, 'proposals_closed']);
  });

  it('paragraph numbers carry across versions: the map, and proposals followed to their paragraph', async () => {
    const { id } = await statement(false);
    const onSecond = await expectProposal(focal.THA, id, { paragraph: 2, text: THAI_PROPOSAL });
    const onThird = await expectProposal(focal.MYS, id, {
      paragraph: 3,
      text: MALAYSIAN_PROPOSAL,
    });
    // A new first paragraph, the second kept, the third deleted.
    const edited = await client.text(chair, id, {
      body: `A new preamble.\n\n${P1}\n\n${P2}\n`,
      note: 'Preamble added; review clause dropped',
    });
    expect(edited.status).toBe(200);
    const v2 = await client.get(observer, `/statements/${id}/versions/2`);
    expect(v2.body.paragraphMap).toEqual({ '1': 2, '2': 3, '3': null });
    expect(
      (await client.get(observer, `/statements/${id}/versions/1`)).body.paragraphMap,
    ).toBeNull();
    const view = await consolidated(id);
    expect(view.paragraphs.map((p: any) => p.number)).toEqual([1, 2, 3]);
    expect(view.paragraphs[2].proposals.map((p: any) => p.id)).toEqual([onSecond.id]);
    expect(view.paragraphs[2].proposals[0]).toMatchObject({ paragraph: 2, currentParagraph: 3 });
    expect(view.unplaced.map((p: any) => [p.id, p.currentParagraph])).toEqual([[onThird.id, null]]);
    // Diffed against the paragraph it was made on, once that paragraph is gone.
    expect(view.unplaced[0].diff).toEqual(
      expect.arrayContaining([{ type: 'removed', value: 'year' }]),
    );
    // A proposal now names the paragraph of version 2.
    const onNew = await expectProposal(focal.VNM, id, {
      paragraph: 1,
      text: 'A shorter preamble.',
    });
    expect(onNew).toMatchObject({ version: { number: 2 }, paragraph: 1, currentParagraph: 1 });
    const v3 = await client.text(chair, id, {
      body: `A new preamble.\n\n${P1}\n\n${THAI_PROPOSAL}\n`,
      note: 'Thai wording',
      accepted: [onSecond.id],
    });
    expect(v3.status).toBe(200);
    expect((await client.get(observer, `/statements/${id}/versions/3`)).body.paragraphMap).toEqual({
      '1': 1,
      '2': 2,
      '3': 3,
    });
    expect(await verify(id)).toMatchObject({ valid: true, problems: [] });
  });

  it('what `npm run verify` runs (verifyAll) passes on every statement with proposals made, withdrawn and decided', async () => {
    const { id } = await statement(false);
    const kept = await expectProposal(focal.THA, id, { paragraph: 2, text: THAI_PROPOSAL });
    const gone = await expectProposal(focal.MYS, id, { paragraph: 3, text: MALAYSIAN_PROPOSAL });
    expect(
      (await post(focal.MYS, `/statements/${id}/proposals/${gone.id}/withdraw`, {})).status,
    ).toBe(200);
    const edited = await client.text(chair, id, {
      body: `${P1}\n\n${THAI_PROPOSAL}\n\n${P3}\n`,
      note: 'Thai wording',
      accepted: [kept.id],
    });
    expect(edited.status).toBe(200);
    const results = await t.app.get(VerifyService).verifyAll();
    expect(results.find((r) => r.statementId === id)).toMatchObject({ valid: true, problems: [] });
    expect(results.filter((r) => !r.valid)).toEqual([]);
  });
});
