import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

// Input the database could not store faithfully is refused as 400, never a 500.
describe('k. bad input the database could not store', () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let statementId: string;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    statementId = (
      await client.createStatement(chair, { framework: 'ACCSM', title: 'Valid', body: 'Text' })
    ).body.id;
  });
  afterAll(() => t.close());

  it.each([
    ['a NUL character in the body', { body: 'before\u0000after' }, 'body'],
    ['an unpaired surrogate in the title', { title: 'broken \ud800 title' }, 'title'],
    ['a stray low surrogate in the Thai title', { titleTh: 'ไทย\udc00' }, 'titleTh'],
  ])('refuses %s, naming the field, and stores nothing', async (_case, override, field) => {
    const before = await client.counts();
    const response = await client.createStatement(chair, {
      framework: 'ACCSM',
      title: 'T',
      body: 'B',
      ...override,
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(field);
    expect(await client.counts()).toEqual(before);
  });

  it('refuses a NUL in an event field', async () => {
    const response = await client.event(chair, statementId, {
      type: 'WITHDRAW',
      reason: 'no\u0000',
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('reason');
    expect((await client.statement(chair, statementId)).body.state).toBe('drafting');
  });

  it('keeps a Thai text with real surrogate pairs (emoji) intact', async () => {
    const body = 'ถ้อยแถลง 🇹🇭 อาเซียน';
    const created = await client.createStatement(chair, {
      framework: 'ACCSM',
      title: 'Emoji',
      body,
    });
    expect(created.status).toBe(201);
    expect((await client.get(chair, `/statements/${created.body.id}/versions/1`)).body.body).toBe(
      body,
    );
  });

  it.each(['0', '99999999999', '1.5', 'abc'])('answers version number %s with 400', async (n) => {
    const response = await client.get(chair, `/statements/${statementId}/versions/${n}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_input' });
  });

  it('gives framework errors the same shape and a code', async () => {
    const unreadable = await t.http
      .post(`/api/v1/statements`)
      .set({ Authorization: `Bearer ${chair.token}`, 'Content-Type': 'application/json' })
      .send('{"framework": ');
    expect(unreadable.status).toBe(400);
    expect(unreadable.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'invalid_input',
    });
    const unknownRoute = await client.get(chair, '/no-such-thing');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });
});
