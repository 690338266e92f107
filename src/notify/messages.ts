import type { Language } from '../common/principal.entity';
import { fill, term, vocabulary } from '../common/vocabulary';
import { asHtml, asText, type Block } from './email-body.util';

/** What a notification's payload carries (see notificationPayload in the workflow runtime). */
export interface NotificationPayload {
  statementId?: string;
  title?: string;
  titleTh?: string | null;
  framework?: string;
  state?: string;
  round?: {
    number: number;
    version: { number: number; hash: string };
    deadline: string;
    silenceRule: string;
    electorate: string[];
    outstanding: string[];
    objectors: string[];
    outcome: string | null;
  } | null;
  adoption?: {
    date: string;
    basis: string;
    versionHash: string;
    deemedConsent: string[];
    roundNumber?: number | null;
    meeting?: string | null;
    /** A meeting from the reference data (its name is looked up for each reader). */
    meetingId?: string | null;
  } | null;
  withdrawal?: { reason: string } | null;
  /** The statement's signed audit chain head after the transition this notification reports. */
  chainHead?: { statementId: string; seq: number; hash: string; keyId: string; signature: string };
  /** Chair handover. */
  incoming?: string;
  outgoing?: string | null;
  inFlight?: { id: string; title: string; state: string }[];
  /** The chair's reminder: its own words, and who sent it. */
  message?: string | null;
  remindedBy?: string;
  /** Proposals decided: the new version, the proposer member, who made them, and each fate. */
  version?: { number: number; hash: string };
  member?: string;
  proposers?: string[];
  decisions?: {
    id: string;
    paragraph: number;
    versionNumber: number;
    text: string;
    state: 'accepted' | 'rejected';
    reason: string | null;
  }[];
}

/** Who reads the message, which decides its language, its times and what it asks of them. */
export interface Reader {
  language: Language;
  /** The IANA time zone of the reader's capital. */
  timeZone: string;
  /** focal_point, chair_secretariat, …: what the reader can do on the statement page. */
  role: string;
  /** Where adref's pages are (ADREF_PUBLIC_URL), without a trailing slash. */
  baseUrl: string;
}

export interface Composition {
  subject: string;
  /** The plain-text alternative. */
  body: string;
  html: string;
}

const offsetOf = (instant: Date, timeZone: string): string => {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  // "GMT" alone is UTC itself.
  return !name || name === 'GMT' ? 'UTC+00:00' : name.replace('GMT', 'UTC');
};

/** The capital a time zone is named after, in the reader's language. */
const cityOf = (timeZone: string, language: Language): string =>
  (vocabulary(language).cities as Record<string, string>)[timeZone] ??
  timeZone.split('/').pop()!.replace(/_/g, ' ');

/**
 * A time as people read it: in their capital's time zone, with its UTC offset and the city,
 * e.g. "15 December 2026, 17:00 (UTC+07:00, Bangkok)". Thai in Thai words with the Buddhist-era
 * year (2569 for 2026), as the pages and the meeting names write it.
 */
export function formatTime(iso: string, timeZone: string, language: Language): string {
  const instant = new Date(iso);
  const parts = new Intl.DateTimeFormat(language === 'th' ? 'th-TH' : 'en-GB', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('day')} ${part('month')} ${part('year')}`;
  const time = `${part('hour')}:${part('minute')}`;
  const zone = `(${offsetOf(instant, timeZone)}, ${cityOf(timeZone, language)})`;
  return language === 'th' ? `${date} เวลา ${time} น. ${zone}` : `${date}, ${time} ${zone}`;
}

/** Kept for the calendar feed: a deadline in the member's zone. */
export const formatDeadline = formatTime;

const list = (members: string[] | undefined) => (members?.length ? members.join(', ') : '—');

interface Parts {
  subject: string;
  blocks: Block[];
}

type Template = (p: NotificationPayload, at: Times, text: string, reader: Reader) => Parts;
/** The payload's times, already in the reader's zone. */
interface Times {
  deadline: string;
  adopted: string;
}

const positionWords = (language: Language, or: string) => {
  const words = ['endorse', 'endorse_with_reservation', 'object', 'clearance_pending'].map((kind) =>
    term(language, 'positions', kind),
  );
  return `${words.slice(0, -1).join(language === 'th' ? ' ' : ', ')} ${or}${language === 'th' ? '' : ' '}${words.at(-1)}`;
};

const basisOf = (p: NotificationPayload, language: Language) => {
  const bases = vocabulary(language).adoptionBases as Record<string, string>;
  const basis = p.adoption?.basis ?? 'consensus';
  return fill(bases[basis] ?? basis, {
    n: p.adoption?.roundNumber ?? p.round?.number ?? '',
    meeting: p.adoption?.meeting ?? '',
  });
};

const EN: Record<string, Template> = {
  proposals_decided: (p) => ({
    subject: `[adref] Your text proposals were decided in version ${p.version?.number}: ${p.title}`,
    blocks: [
      {
        p: `The chair made version ${p.version?.number} of "${p.title}" and decided the proposals of ${p.member}:`,
      },
      {
        list:
          p.decisions?.map(
            (d) =>
              `Paragraph ${d.paragraph} (version ${d.versionNumber}): ${d.state === 'accepted' ? 'accepted' : `rejected. Reason: ${d.reason ?? '—'}`}. Proposed: "${d.text}"`,
          ) ?? [],
      },
    ],
  }),
  round_opened: (p, at, text) => ({
    subject: `[adref] For your government's position by ${at.deadline}: ${p.title}`,
    blocks: [
      {
        p: `The ${p.framework} chair has circulated the final text of "${p.title}" for adoption ad referendum.`,
      },
      {
        p: `Please record your government's position (${positionWords('en', 'or').toLowerCase()}) by ${at.deadline}.`,
      },
      {
        p: `${vocabulary('en').labels.silenceRule}: ${term('en', 'silenceRules', p.round?.silenceRule ?? 'explicit')}.`,
      },
      { p: `Text version ${p.round?.version.number}, sha256 ${p.round?.version.hash}` },
      { pre: text },
    ],
  }),
  reminder: (p, at) => ({
    subject: `[adref] Reminder: your position on "${p.title}" is due by ${at.deadline}`,
    blocks: [
      {
        p: `Your government's position on "${p.title}" has not been recorded yet. The deadline is ${at.deadline}.`,
      },
      { p: `Still outstanding: ${list(p.round?.outstanding)}.` },
    ],
  }),
  chair_reminder: (p, at) => ({
    subject: `[adref] The chair reminds you: your position on "${p.title}" is due by ${at.deadline}`,
    blocks: [
      {
        p: `The ${p.framework} chair reminds you that your government's position on "${p.title}" has not been recorded yet. The deadline is ${at.deadline}.`,
      },
      ...(p.message ? [{ p: 'The chair writes:' }, { pre: p.message }] : []),
      { p: `Still outstanding: ${list(p.round?.outstanding)}.` },
    ],
  }),
  objection_lodged: (p) => ({
    subject: `[adref] Objection lodged: ${p.title}`,
    blocks: [
      {
        p:
          `An objection stands against "${p.title}" (${list(p.round?.objectors)}); consensus is blocked ` +
          `until it is withdrawn or the chair revises the text.`,
      },
    ],
  }),
  deadline_extended: (p, at) => ({
    subject: `[adref] Deadline extended to ${at.deadline}: ${p.title}`,
    blocks: [
      { p: `The chair has extended the deadline for positions on "${p.title}" to ${at.deadline}.` },
    ],
  }),
  adopted: (p, at) => ({
    subject: `[adref] Adopted: ${p.title}`,
    blocks: [
      { p: vocabulary('en').labels.recordTitle },
      { p: `"${p.title}" (${p.framework}) was adopted on ${at.adopted}: ${basisOf(p, 'en')}.` },
      { p: `${vocabulary('en').labels.adoptedHash}: ${p.adoption?.versionHash}` },
      ...(p.adoption?.deemedConsent.length
        ? [
            {
              p: `${term('en', 'positions', 'deemed_consent')}: ${list(p.adoption.deemedConsent)}`,
            },
          ]
        : []),
    ],
  }),
  not_adopted: (p) => ({
    subject: `[adref] Not adopted: ${p.title}`,
    blocks: [{ p: `The ad-referendum round on "${p.title}" closed without adoption.` }],
  }),
  withdrawn: (p) => ({
    subject: `[adref] Withdrawn: ${p.title}`,
    blocks: [{ p: `The chair withdrew "${p.title}". Reason: ${p.withdrawal?.reason ?? '—'}` }],
  }),
  revised: (p) => ({
    subject: `[adref] Text under revision: ${p.title}`,
    blocks: [
      {
        p: `The chair is revising "${p.title}"; positions on the circulated text no longer count. A new round will follow.`,
      },
    ],
  }),
  chair_handover: (p) => ({
    subject: `[adref] ${p.incoming} now chairs ${p.framework}`,
    blocks: [
      {
        p:
          `${p.incoming} has taken over the ${p.framework} chair${p.outgoing ? ` from ${p.outgoing}` : ''}. ` +
          `Statements in progress pass to its secretariat:`,
      },
      {
        list: p.inFlight?.map((s) => `${s.title} (${term('en', 'states', s.state)})`) ?? [],
      },
    ],
  }),
};

const TH: Record<string, Template> = {
  proposals_decided: (p) => ({
    subject: `[adref] ประธานได้พิจารณาข้อเสนอแก้ไขถ้อยคำของท่านในฉบับที่ ${p.version?.number}: ${p.titleTh ?? p.title}`,
    blocks: [
      {
        p: `ประธานได้จัดทำร่างฉบับที่ ${p.version?.number} ของ "${p.titleTh ?? p.title}" และพิจารณาข้อเสนอของ ${p.member} แล้ว:`,
      },
      {
        list:
          p.decisions?.map(
            (d) =>
              `ย่อหน้าที่ ${d.paragraph} (ฉบับที่ ${d.versionNumber}): ${d.state === 'accepted' ? 'รับ' : `ไม่รับ เหตุผล: ${d.reason ?? '—'}`} ข้อเสนอ: "${d.text}"`,
          ) ?? [],
      },
    ],
  }),
  round_opened: (p, at, text) => ({
    subject: `[adref] ขอให้แจ้งท่าทีภายใน ${at.deadline}: ${p.titleTh ?? p.title}`,
    blocks: [
      {
        p: `ประธาน ${p.framework} ได้เวียนร่างสุดท้ายของ "${p.titleTh ?? p.title}" เพื่อขอฉันทามติโดยวิธี ad referendum`,
      },
      {
        p: `โปรดบันทึกท่าทีของรัฐบาลท่าน (${positionWords('th', 'หรือ')}) ภายใน ${at.deadline}`,
      },
      {
        p: `${vocabulary('th').labels.silenceRule}: ${term('th', 'silenceRules', p.round?.silenceRule ?? 'explicit')}`,
      },
      { p: `ฉบับที่ ${p.round?.version.number} sha256 ${p.round?.version.hash}` },
      { pre: text },
    ],
  }),
  reminder: (p, at) => ({
    subject: `[adref] แจ้งเตือน: กรุณาแจ้งท่าทีต่อ "${p.titleTh ?? p.title}" ภายใน ${at.deadline}`,
    blocks: [
      {
        p: `ยังไม่มีการบันทึกท่าทีของรัฐบาลท่านต่อ "${p.titleTh ?? p.title}" กำหนดเวลาคือ ${at.deadline}`,
      },
      { p: `สมาชิกที่ยังไม่แจ้งท่าที: ${list(p.round?.outstanding)}` },
    ],
  }),
  chair_reminder: (p, at) => ({
    subject: `[adref] ประธานแจ้งเตือน: กรุณาแจ้งท่าทีต่อ "${p.titleTh ?? p.title}" ภายใน ${at.deadline}`,
    blocks: [
      {
        p: `ประธาน ${p.framework} ขอเตือนว่ายังไม่มีการบันทึกท่าทีของรัฐบาลท่านต่อ "${p.titleTh ?? p.title}" กำหนดเวลาคือ ${at.deadline}`,
      },
      ...(p.message ? [{ p: 'ข้อความจากประธาน:' }, { pre: p.message }] : []),
      { p: `สมาชิกที่ยังไม่แจ้งท่าที: ${list(p.round?.outstanding)}` },
    ],
  }),
  objection_lodged: (p) => ({
    subject: `[adref] มีการคัดค้าน: ${p.titleTh ?? p.title}`,
    blocks: [
      {
        p: `มีการคัดค้าน "${p.titleTh ?? p.title}" (${list(p.round?.objectors)}) ฉันทามติจึงยังไม่เกิดขึ้นจนกว่าจะถอนคำคัดค้านหรือประธานแก้ไขร่าง`,
      },
    ],
  }),
  deadline_extended: (p, at) => ({
    subject: `[adref] ขยายกำหนดเวลาเป็น ${at.deadline}: ${p.titleTh ?? p.title}`,
    blocks: [
      {
        p: `ประธานได้ขยายกำหนดเวลาการแจ้งท่าทีต่อ "${p.titleTh ?? p.title}" เป็น ${at.deadline}`,
      },
    ],
  }),
  adopted: (p, at) => ({
    subject: `[adref] ได้รับการรับรองแล้ว: ${p.titleTh ?? p.title}`,
    blocks: [
      { p: vocabulary('th').labels.recordTitle },
      {
        p: `"${p.titleTh ?? p.title}" (${p.framework}) ได้รับการรับรองเมื่อ ${at.adopted}: ${basisOf(p, 'th')}`,
      },
      { p: `${vocabulary('th').labels.adoptedHash}: ${p.adoption?.versionHash}` },
      ...(p.adoption?.deemedConsent.length
        ? [
            {
              p: `${term('th', 'positions', 'deemed_consent')}: ${list(p.adoption.deemedConsent)}`,
            },
          ]
        : []),
    ],
  }),
  not_adopted: (p) => ({
    subject: `[adref] ไม่ได้รับการรับรอง: ${p.titleTh ?? p.title}`,
    blocks: [
      {
        p: `การขอฉันทามติโดยวิธี ad referendum ต่อ "${p.titleTh ?? p.title}" สิ้นสุดลงโดยไม่ได้รับการรับรอง`,
      },
    ],
  }),
  withdrawn: (p) => ({
    subject: `[adref] ถอนร่าง: ${p.titleTh ?? p.title}`,
    blocks: [{ p: `ประธานได้ถอน "${p.titleTh ?? p.title}" เหตุผล: ${p.withdrawal?.reason ?? '—'}` }],
  }),
  revised: (p) => ({
    subject: `[adref] อยู่ระหว่างแก้ไขร่าง: ${p.titleTh ?? p.title}`,
    blocks: [
      {
        p: `ประธานกำลังแก้ไข "${p.titleTh ?? p.title}" ท่าทีต่อร่างที่เวียนไปแล้วจะไม่นับ และจะมีการเวียนรอบใหม่`,
      },
    ],
  }),
  chair_handover: (p) => ({
    subject: `[adref] ${p.incoming} รับตำแหน่งประธาน ${p.framework}`,
    blocks: [
      {
        p:
          `${p.incoming} รับตำแหน่งประธาน ${p.framework}${p.outgoing ? ` ต่อจาก ${p.outgoing}` : ''} ` +
          `เอกสารที่อยู่ระหว่างดำเนินการจะโอนไปยังสำนักเลขาธิการของประธานคนใหม่:`,
      },
      {
        list: p.inFlight?.map((s) => `${s.title} (${term('th', 'states', s.state)})`) ?? [],
      },
    ],
  }),
};

/** The kinds of notification that ask a focal point for their government's position. */
const ASKS_POSITION = new Set(['round_opened', 'reminder', 'chair_reminder', 'deadline_extended']);

/** What the reader can do on the statement page, and the links to it and to the sign-in page. */
function actionBlocks(kind: string, p: NotificationPayload, at: Times, reader: Reader): Block[] {
  const th = reader.language === 'th';
  const signIn: Block = {
    link: `${reader.baseUrl}/`,
    label: th
      ? 'ลงชื่อเข้าใช้ adref (โทเคนส่วนตัวหรือลิงก์ทางอีเมล)'
      : 'Sign in to adref (personal token or email link)',
  };
  if (!p.statementId) {
    return [
      {
        p: th
          ? 'ท่านดูและดำเนินการกับถ้อยแถลงเหล่านี้ได้ที่หน้ารายการถ้อยแถลงของ adref'
          : 'You can see and act on these statements on the adref board.',
      },
      { ...signIn, label: th ? 'เปิด adref (ลงชื่อเข้าใช้หากระบบขอ)' : 'Open adref (sign in if asked)' },
    ];
  }
  const page = `${reader.baseUrl}/statements/${p.statementId}`;
  const chair = reader.role === 'chair_secretariat';
  let todo: string;
  if (kind === 'adopted') {
    todo = th
      ? 'บันทึกการรับรอง (PDF และ CSV) เปิดได้จากหน้าถ้อยแถลง'
      : 'The record of adoption (PDF and CSV) is on the statement page.';
  } else if (chair && (kind === 'objection_lodged' || p.state?.includes('awaiting_decision'))) {
    todo = th
      ? 'ในฐานะประธาน ท่านขยายกำหนดเวลา แก้ไขร่างและเวียนใหม่ หรือปิดรอบโดยไม่รับรองได้ที่หน้าถ้อยแถลง'
      : 'As the chair, you can extend the deadline, revise and re-circulate the text, or close the round without adoption on the statement page.';
  } else if (reader.role === 'focal_point' && ASKS_POSITION.has(kind)) {
    todo = th
      ? `บันทึกท่าทีของรัฐบาลท่านที่หน้าถ้อยแถลงภายใน ${at.deadline}`
      : `Record your government's position on the statement page by ${at.deadline}.`;
  } else if (reader.role === 'focal_point' && kind === 'objection_lodged') {
    todo = th
      ? 'อ่านเหตุผลของการคัดค้านได้ที่หน้าถ้อยแถลง ท่านเปลี่ยนท่าทีของรัฐบาลท่านได้จนถึงกำหนดเวลา'
      : "Read the reasons on the statement page; you can change your government's position until the deadline.";
  } else {
    todo = th
      ? 'ดูร่าง ท่าทีของสมาชิก และประวัติได้ที่หน้าถ้อยแถลง'
      : 'The text, the positions of the members and the history are on the statement page.';
  }
  return [{ p: todo }, { link: page, label: th ? 'เปิดหน้าถ้อยแถลง' : 'Open the statement' }, signIn];
}

/** The message of a notification for one reader: language, time zone, role and links. */
export function compose(
  kind: string,
  payload: NotificationPayload,
  reader: Reader,
  circulatedText = '',
): Composition {
  const { language, timeZone } = reader;
  const texts = language === 'th' ? TH : EN;
  const at: Times = {
    deadline: payload.round ? formatTime(payload.round.deadline, timeZone, language) : '',
    adopted: payload.adoption ? formatTime(payload.adoption.date, timeZone, language) : '',
  };
  const template: Template =
    texts[kind] ??
    ((p) => ({ subject: `[adref] ${kind}: ${p.title}`, blocks: [{ p: kind.replace(/_/g, ' ') }] }));
  const { subject, blocks } = template(payload, at, circulatedText, reader);
  const all: Block[] = [
    ...blocks.filter((block) => !('pre' in block) || block.pre),
    ...actionBlocks(kind, payload, at, reader),
    ...(payload.chainHead ? [{ pre: witnessLines(payload.chainHead, language), small: true }] : []),
  ];
  return { subject, body: asText(all), html: asHtml(all, subject, language) };
}

/**
 * The chain head this message witnesses: kept by the recipient, it shows up any later deletion
 * of history (`npm run verify -- --witness`).
 */
function witnessLines(head: NonNullable<NotificationPayload['chainHead']>, language: Language) {
  const verify = `GET /api/v1/statements/${head.statementId}/verify`;
  return language === 'th'
    ? `-- หลักฐานในบันทึกของ adref: เหตุการณ์ที่ ${head.seq} ของเอกสาร ${head.statementId}\n` +
        `hash ${head.hash}\nลายมือชื่อ Ed25519 (กุญแจ ${head.keyId}) ${head.signature}\n` +
        `ตรวจสอบได้ที่ ${verify} และกุญแจสาธารณะที่ GET /api/v1/keys`
    : `-- adref record: event ${head.seq} of statement ${head.statementId}\n` +
        `hash ${head.hash}\nEd25519 signature (key ${head.keyId}) ${head.signature}\n` +
        `Verify with ${verify}; public keys at GET /api/v1/keys`;
}

/** A held notification as the digest lists it: its subject and plain text. */
export interface DigestItem {
  subject: string;
  body: string;
}

/**
 * The daily digest: every notification held for the reader since the last one, each with its
 * subject and full text, in the reader's language.
 */
export function composeDigest(
  items: DigestItem[],
  reader: Pick<Reader, 'language' | 'timeZone' | 'baseUrl'>,
  at: Date,
): Composition {
  const th = reader.language === 'th';
  const when = formatTime(at.toISOString(), reader.timeZone, reader.language);
  const subject = th
    ? `[adref] สรุปการแจ้งเตือนประจำวัน ${when}: ${items.length} รายการ`
    : `[adref] Your daily digest, ${when}: ${items.length} notification${items.length === 1 ? '' : 's'}`;
  const blocks: Block[] = [
    {
      p: th
        ? `ท่านเลือกรับการแจ้งเตือนเป็นสรุปวันละครั้ง รายการที่รอท่านตั้งแต่ฉบับก่อนมีดังนี้:`
        : 'You chose one digest a day instead of a mail per notification. Since the last one:',
    },
    { list: items.map((item) => item.subject) },
    ...items.flatMap((item, index): Block[] => [
      { p: `${index + 1}. ${item.subject}` },
      { pre: item.body },
    ]),
    {
      p: th
        ? 'เปลี่ยนเป็นรับอีเมลทุกครั้งที่มีการแจ้งเตือนได้ที่หน้าบัญชีของท่าน (PATCH /api/v1/me {"digest": "none"})'
        : 'To get a mail per notification again, change this on your account page (PATCH /api/v1/me {"digest": "none"}).',
    },
    { link: `${reader.baseUrl}/`, label: th ? 'เปิด adref' : 'Open adref' },
  ];
  return { subject, body: asText(blocks), html: asHtml(blocks, subject, reader.language) };
}
