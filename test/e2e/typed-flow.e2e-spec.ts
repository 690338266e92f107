import { typedFlow } from '../../scripts/typed-flow';
import { listen } from '../support/browser';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

// scripts/typed-flow.ts drives a statement from launch to adoption through the typed client
// (no cast: tsc checks it against the OpenAPI document, ESLint forbids casts there). Here it runs
// against a started app; the harness also checks each answer against the document (Ajv).
describe('the typed client flow', () => {
  let t: TestApp;
  let origin: string;

  beforeAll(async () => {
    t = await createTestApp();
    origin = await listen(t);
  });
  afterAll(() => t?.close());

  it('takes a statement from launch to adoption by every elector’s endorsement', async () => {
    const lines: string[] = [];
    const statement = await typedFlow({
      origin,
      adminToken: ADMIN_TOKEN,
      log: (line) => lines.push(line),
    });

    expect(statement.state).toBe('adopted');
    expect(statement.adoption?.basis).toBe('consensus');
    expect(statement.currentVersion.number).toBe(2);
    const round = statement.round;
    expect(round?.tally.endorsed).toBe(round?.electorate.length);
    expect(round?.outstanding).toEqual([]);
    expect(lines).toContain('APPROVE_IN_PRINCIPLE: approved_in_principle');
    expect(lines[lines.length - 1]).toMatch(/^adopted on /);
  });
});
