import { compose, formatTime } from './messages';

const reader = {
  language: 'en' as const,
  timeZone: 'Asia/Bangkok',
  role: 'focal_point',
  baseUrl: 'https://adref.example.go.th',
};

describe(formatTime.name, () => {
  it('gives the time in the reader’s capital, with the offset and the city, in their language', () => {
    const at = '2026-12-15T10:00:00Z';
    expect(formatTime(at, 'Asia/Bangkok', 'en')).toBe(
      '15 December 2026, 17:00 (UTC+07:00, Bangkok)',
    );
    expect(formatTime(at, 'Asia/Tokyo', 'en')).toBe('15 December 2026, 19:00 (UTC+09:00, Tokyo)');
    expect(formatTime(at, 'Asia/Bangkok', 'th')).toBe(
      '15 ธันวาคม 2569 เวลา 17:00 น. (UTC+07:00, กรุงเทพฯ)',
    );
    expect(formatTime('2026-12-31T17:30:00Z', 'Asia/Yangon', 'en')).toBe(
      '1 January 2027, 00:00 (UTC+06:30, Yangon)',
    );
    expect(formatTime(at, 'UTC', 'en')).toBe('15 December 2026, 10:00 (UTC+00:00, UTC)');
  });
});

describe(compose.name, () => {
  const payload = {
    statementId: '9b2f4c1e-0000-4000-8000-000000000001',
    title: '<script>alert("x")</script> & more',
    framework: 'ACCSM',
    withdrawal: { reason: 'It <b>was</b> "superseded"' },
  };

  it('escapes every user value in the HTML and keeps the text as written', () => {
    const message = compose('withdrawn', payload, reader);
    expect(message.html).not.toContain('<script>');
    expect(message.html).not.toContain('<b>');
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(message.body).toContain('It <b>was</b> "superseded"');
  });

  it('links the statement page and the sign-in page in both parts', () => {
    const message = compose('withdrawn', payload, reader);
    const page = `https://adref.example.go.th/statements/${payload.statementId}`;
    expect(message.body).toContain(`Open the statement: ${page}`);
    expect(message.html).toContain(`<a href="${page}">Open the statement</a>`);
    expect(message.html).toContain('<a href="https://adref.example.go.th/">Sign in to adref');
  });

  it('tells the chair, after an objection, that it can extend, revise or close', () => {
    const objection = { ...payload, round: null };
    expect(
      compose('objection_lodged', objection, { ...reader, role: 'chair_secretariat' }).body,
    ).toContain(
      'you can extend the deadline, revise and re-circulate the text, or close the round',
    );
  });
});
