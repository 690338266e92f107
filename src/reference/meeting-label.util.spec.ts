import { englishOrdinal, meetingLabel, meetingView } from './meeting-label.util';
import { MeetingEntity } from './reference.entities';

const meeting = (fields: Partial<MeetingEntity> = {}): MeetingEntity =>
  Object.assign(new MeetingEntity(), {
    id: '7d3f5a2e-0000-4000-8000-000000000020',
    frameworkCode: 'ACCSM',
    kind: 'SOM',
    ordinal: 20,
    dateFrom: '2019-04-22',
    dateTo: '2019-04-24',
    place: 'Chiang Rai, Thailand',
    source: null,
    ...fields,
  });

describe('meeting labels', () => {
  it('writes English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(englishOrdinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });

  it('names a meeting with its ordinal, kind, place and dates, in English and Thai', () => {
    expect(meetingLabel(meeting(), 'en')).toBe(
      '20th ACCSM SOM, Chiang Rai, Thailand, 22–24 April 2019',
    );
    expect(meetingLabel(meeting(), 'th')).toBe(
      'การประชุมเจ้าหน้าที่อาวุโส (SOM) ACCSM ครั้งที่ 20, Chiang Rai, Thailand, 22–24 เมษายน 2562',
    );
  });

  it('copes with a meeting over two months, of one day, without ordinal or place', () => {
    expect(meetingLabel(meeting({ dateTo: '2019-05-02' }), 'en')).toContain(
      '22 April – 2 May 2019',
    );
    expect(
      meetingLabel(
        meeting({ kind: 'PREP', ordinal: null, place: null, dateTo: '2019-04-22' }),
        'en',
      ),
    ).toBe('ACCSM Preparatory Meeting, 22 April 2019');
    expect(meetingView(meeting()).labelEn).toBe(meetingLabel(meeting(), 'en'));
  });
});
