import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

// Seeded ACCSM terms: BRN 2023-01-01..2024-08-07, KHM 2024-08-07..2026-12-31, both inclusive.
// The chair on the day an act takes effect drives the statement; in-flight ones pass with it.
// Each test builds its own statements and sets the clock: any one runs alone or in any order.
// One app serves them all, since none records a chair term and the seeded ones are all they read.
describe('h. chair handover', () => {
  let t: TestApp;
  let client: AdrefClient;
  let brunei: User;
  let cambodia: User;
  let thai: User;

  const draft = async (chair: User, title: string): Promise<string> => {
    const response = await client.createStatement(chair, {
      framework: 'ACCSM',
      title,
      body: `Draft of ${title}`,
    });
    expect(response.status).toBe(201);
    return response.body.id;
  };
  const allowedFor = async (user: User, id: string): Promise<string[]> => {
    const response = await client.statement(user, id);
    expect(response.status).toBe(200);
    return response.body.allowedEvents;
  };
  const lastEvent = async (id: string) => {
    const events = (await client.history(brunei, id)).body.events;
    return events[events.length - 1];
  };

  // Drafted by Brunei on 2024-08-01, while it still chairs; left in draft.
  const draftedBeforeHandover = async (): Promise<string> => {
    t.clock.set('2024-08-01T02:00:00Z');
    return draft(brunei, 'ASEAN Statement entered late');
  };
  // Submitted to SOM by Brunei on 2024-08-01: in flight when the chair passes to Cambodia.
  const inFlightAtHandover = async (): Promise<string> => {
    t.clock.set('2024-08-01T02:00:00Z');
    const id = await draft(brunei, 'ASEAN Statement handed over in flight');
    await client.expectEvent(brunei, id, { type: 'SUBMIT_TO_SOM' });
    return id;
  };
  // The in-flight statement, approved in principle by Cambodia on 2024-08-08.
  const approvedByCambodia = async (): Promise<string> => {
    const id = await inFlightAtHandover();
    t.clock.set('2024-08-08T03:00:00Z');
    await client.expectEvent(cambodia, id, {
      type: 'APPROVE_IN_PRINCIPLE',
      meeting: '22nd ACCSM',
    });
    return id;
  };
  // Brunei's draft, whose submission to SOM on 2024-08-06 Cambodia entered on 2024-08-20.
  const enteredLate = async (): Promise<string> => {
    const id = await draftedBeforeHandover();
    t.clock.set('2024-08-20T03:00:00Z');
    await client.expectEvent(cambodia, id, {
      type: 'SUBMIT_TO_SOM',
      at: '2024-08-06T10:00:00+08:00',
    });
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp('2024-08-01T02:00:00Z');
    client = new AdrefClient(t);
    brunei = await client.user('chair_secretariat', 'BRN');
    cambodia = await client.user('chair_secretariat', 'KHM');
    thai = await client.user('focal_point', 'THA');
  });
  afterAll(() => t.close());

  it('before the handover (2024-08-01) Brunei creates and drives a statement; Cambodia gets 403', async () => {
    t.clock.set('2024-08-01T02:00:00Z');
    const refusedCreate = await client.createStatement(cambodia, {
      framework: 'ACCSM',
      title: 'Too early',
      body: 'Cambodia does not chair yet.',
    });
    expect(refusedCreate.status).toBe(403);
    expect(refusedCreate.body.message).toContain('KHM does not chair ACCSM on 2024-08-01');
    expect(refusedCreate.body.message).toContain('the chair is BRN');

    const inFlight = await draft(brunei, 'ASEAN Statement handed over in flight');

    const before = await client.counts();
    const refused = await client.event(cambodia, inFlight, { type: 'SUBMIT_TO_SOM' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('the chair is BRN');
    expect(await client.counts()).toEqual(before);

    const submitted = await client.event(brunei, inFlight, { type: 'SUBMIT_TO_SOM' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('som_review');
    expect(await allowedFor(brunei, inFlight)).toEqual(
      expect.arrayContaining(['APPROVE_IN_PRINCIPLE', 'RETURN_FOR_REVISION']),
    );
    expect(await allowedFor(cambodia, inFlight)).toEqual([]);
  });

  it('on the handover day (2024-08-07) both the outgoing and the incoming chair may act', async () => {
    const inFlight = await inFlightAtHandover();
    t.clock.set('2024-08-07T03:00:00Z');
    expect(await allowedFor(brunei, inFlight)).toContain('APPROVE_IN_PRINCIPLE');
    expect(await allowedFor(cambodia, inFlight)).toContain('APPROVE_IN_PRINCIPLE');
    await draft(brunei, 'Drafted by Brunei on the handover day');
    await draft(cambodia, 'Drafted by Cambodia on the handover day');
  });

  it('after the handover (2024-08-08) Brunei gets 403 on the same in-flight statement, naming the chair; Cambodia drives it', async () => {
    const inFlight = await inFlightAtHandover();
    t.clock.set('2024-08-08T03:00:00Z');
    const before = await client.counts();
    const refused = await client.event(brunei, inFlight, { type: 'APPROVE_IN_PRINCIPLE' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('BRN does not chair ACCSM on 2024-08-08; the chair is KHM');
    expect(await client.counts()).toEqual(before);

    const approved = await client.event(cambodia, inFlight, {
      type: 'APPROVE_IN_PRINCIPLE',
      meeting: '22nd ACCSM',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved_in_principle');
    expect((await lastEvent(inFlight)).actorLabel).toContain('KHM');
  });

  it('allowedEvents in GET /statements/:id is empty for Brunei and non-empty for Cambodia after the handover', async () => {
    const inFlight = await approvedByCambodia();
    t.clock.set('2024-08-08T03:00:00Z');
    expect(await allowedFor(brunei, inFlight)).toEqual([]);
    const cambodiaMay = await allowedFor(cambodia, inFlight);
    expect(cambodiaMay).toEqual(
      expect.arrayContaining(['OPEN_AD_REFERENDUM', 'ADOPT_AT_MEETING', 'EDIT_TEXT', 'WITHDRAW']),
    );
  });

  it('a former chair may not date an act back into its own term: the actor must be entitled today', async () => {
    const backdated = await draftedBeforeHandover();
    t.clock.set('2024-08-20T03:00:00Z');
    const before = await client.counts();
    const entered = await client.event(brunei, backdated, {
      type: 'SUBMIT_TO_SOM',
      at: '2024-08-06T10:00:00+08:00',
    });
    expect(entered.status).toBe(403);
    expect(entered.body.message).toContain('BRN does not chair ACCSM on 2024-08-20');
    const launch = await client.createStatement(brunei, {
      framework: 'ACCSM',
      title: 'Launched by a former chair, dated into its term',
      body: 'Brunei no longer chairs.',
      at: '2024-08-06T10:00:00+08:00',
    });
    expect(launch.status).toBe(403);
    expect(await client.counts()).toEqual(before);
  });

  it('the chair of today may record an act that took effect in the previous term; both times are kept', async () => {
    const backdated = await draftedBeforeHandover();
    t.clock.set('2024-08-20T03:00:00Z');
    const entered = await client.event(cambodia, backdated, {
      type: 'SUBMIT_TO_SOM',
      at: '2024-08-06T10:00:00+08:00',
    });
    expect(entered.status).toBe(200);
    expect(entered.body.state).toBe('som_review');
    expect(await lastEvent(backdated)).toMatchObject({
      type: 'SUBMIT_TO_SOM',
      at: '2024-08-06T02:00:00.000Z',
      recordedAt: '2024-08-20T03:00:00.000Z',
    });
  });

  it('an at more than ADREF_MAX_BACKDATE (P30D) ago is refused with 422 at_out_of_range', async () => {
    const backdated = await enteredLate();
    t.clock.set('2024-09-10T03:00:00Z');
    const before = await client.counts();
    const response = await client.event(cambodia, backdated, {
      type: 'APPROVE_IN_PRINCIPLE',
      at: '2024-08-09T09:00:00+07:00',
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('at_out_of_range');
    expect(response.body.message).toContain('more than P30D ago');
    expect(response.body.message).toContain('imported');
    expect(await client.counts()).toEqual(before);
  });

  it('an at in the future is refused with 422', async () => {
    const backdated = await enteredLate();
    t.clock.set('2024-08-20T03:00:00Z');
    const before = await client.counts();
    const response = await client.event(cambodia, backdated, {
      type: 'APPROVE_IN_PRINCIPLE',
      at: '2024-08-21T09:00:00+07:00',
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('at_out_of_range');
    expect(response.body.message).toContain('is in the future');
    expect(response.body.details).toEqual({ field: 'at' });
    expect(await client.counts()).toEqual(before);
  });

  it("an at before the statement's last act is refused with 422", async () => {
    const backdated = await enteredLate();
    t.clock.set('2024-08-20T03:00:00Z');
    const before = await client.counts();
    const response = await client.event(cambodia, backdated, {
      type: 'APPROVE_IN_PRINCIPLE',
      at: '2024-08-05T10:00:00+08:00',
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('at_out_of_range');
    expect(response.body.message).toContain('before the statement');
    expect(await client.counts()).toEqual(before);
  });

  it('a focal point sending at is refused with 403', async () => {
    const backdated = await enteredLate();
    t.clock.set('2024-08-20T03:00:00Z');
    const before = await client.counts();
    const event = await client.event(thai, backdated, {
      type: 'APPROVE_IN_PRINCIPLE',
      at: '2024-08-19T10:00:00+07:00',
    });
    expect(event.status).toBe(403);
    expect(event.body.message).toContain('only the secretariat of the ACCSM chair may do this');
    const position = await client.position(thai, backdated, {
      member: 'THA',
      position: 'endorse',
      versionHash: 'a'.repeat(64),
      at: '2024-08-19T10:00:00+07:00',
    });
    expect(position.status).toBe(403);
    expect(position.body.message).toContain('only the secretariat may date an act');
    expect(await client.counts()).toEqual(before);

    const approved = await client.event(cambodia, backdated, { type: 'APPROVE_IN_PRINCIPLE' });
    expect(approved.status).toBe(200);
  });
});
