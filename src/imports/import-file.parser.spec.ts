import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdrefError } from '../common/adref.errors';
import { sha256 } from '../common/hash.util';
import { assertTimeline, parseImportFile } from './import-file.parser';

const FILES = join(__dirname, '../../scripts/imports');
const read = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(join(FILES, `${name}.json`), 'utf8'));

/** The error a parse refuses with, or a failure when it does not refuse. */
async function refusal(body: unknown): Promise<AdrefError> {
  try {
    await parseImportFile(body);
  } catch (error) {
    if (error instanceof AdrefError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

const fieldsOf = async (body: unknown) =>
  ((await refusal(body)).details!.fields as { field: string }[]).map((f) => f.field);

describe(parseImportFile.name, () => {
  it.each(['accsm-2019-good-governance', 'accsm-2024-work-life-balance'])(
    'accepts %s and hashes its versions',
    async (name) => {
      const file = read(name);
      const sut = await parseImportFile(file);
      expect(sut.file.importKey).toBe(name);
      expect(sut.hashes).toEqual(file.versions.map((v: { body: string }) => sha256(v.body)));
      expect(sut.file.events[0].type).toBe('CREATED');
    },
  );

  it('refuses anything but a JSON object', async () => {
    expect((await refusal([])).code).toBe('invalid_input');
    expect((await refusal('adref-import/1')).code).toBe('invalid_input');
  });

  it('names each field of each event that does not fit its type', async () => {
    const file = read('accsm-2024-work-life-balance');
    file.events[1].deadline = '2024-09-01T00:00:00Z'; // SUBMIT_TO_SOM takes no deadline
    file.events[3].silenceRule = 'by_default';
    file.events[4].position = 'abstain';
    file.events.push({ type: 'REMINDER_DUE', at: '2024-09-19T00:00:00Z' });
    expect(await fieldsOf(file)).toEqual([
      'events[1].deadline',
      'events[3].silenceRule',
      'events[4].position',
      'events[14].type',
    ]);
  });

  it('checks what ties versions and events together', async () => {
    const file = read('accsm-2024-work-life-balance');
    file.versions.push({ number: 3, body: 'Another text' }); // should be 2, and never introduced
    file.versions[0].hash = '0'.repeat(64);
    file.events[5].position = 'endorse_with_reservation'; // without the reservation's text
    delete file.events[7].reference; // LAO's, recorded by KHM on its behalf, without the note verbale
    file.events[8].illustrative = ['deadline'];
    expect(await fieldsOf(file)).toEqual([
      'versions[0].hash',
      'versions[1].number',
      'events[5].text',
      'events[7].reference',
      'events[8].illustrative',
      'versions[1]',
    ]);
  });

  it('wants CREATED first and once', async () => {
    const file = read('accsm-2019-good-governance');
    const [created, submitted, adopted] = file.events;
    file.events = [submitted, created, adopted];
    expect(await fieldsOf(file)).toEqual(['events[0].type', 'events[1].type']);
  });
});

describe(assertTimeline.name, () => {
  const now = new Date('2026-11-22T00:00:00Z');
  const event = (type: string, at: string) => ({ type, at }) as never;

  it('accepts events in time order, the same instant included', () => {
    expect(() =>
      assertTimeline(
        [
          event('CREATED', '2024-01-01T00:00:00Z'),
          event('SUBMIT_TO_SOM', '2024-01-01T07:00:00+07:00'),
        ],
        now,
      ),
    ).not.toThrow();
  });

  it('names the first event out of order, or in the future', () => {
    const order = () =>
      assertTimeline(
        [event('CREATED', '2024-02-01T00:00:00Z'), event('SUBMIT_TO_SOM', '2024-01-01T00:00:00Z')],
        now,
      );
    expect(order).toThrow('events[1] SUBMIT_TO_SOM');
    expect(order).toThrow('out_of_time_order');
    const future = () => assertTimeline([event('CREATED', '2026-11-23T00:00:00Z')], now);
    expect(future).toThrow('in_the_future');
  });
});
