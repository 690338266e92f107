import type { Language } from '../auth/principal.entity';

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
  adoption?: { date: string; basis: string; versionHash: string; deemedConsent: string[] } | null;
  withdrawal?: { reason: string } | null;
  /** The statement's signed audit chain head after the transition this notification reports. */
  chainHead?: { statementId: string; seq: number; hash: string; keyId: string; signature: string };
  /** Chair handover. */
  incoming?: string;
  outgoing?: string | null;
  inFlight?: { id: string; title: string; state: string }[];
}

export interface Composition {
  subject: string;
  body: string;
}

/** A deadline as people read it: in their capital's time zone, named, with its UTC offset. */
export function formatDeadline(iso: string, timeZone: string, language: Language): string {
  const instant = new Date(iso);
  const local = new Intl.DateTimeFormat(language === 'th' ? 'th-TH' : 'en-GB', {
    timeZone,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(instant);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  return `${local} (${timeZone}, ${offset ?? 'GMT'})`;
}

type Texts = Record<
  string,
  (p: NotificationPayload, deadline: string, extra: string) => Composition
>;

const list = (members: string[] | undefined) => (members?.length ? members.join(', ') : '—');

const EN: Texts = {
  round_opened: (p, deadline, text) => ({
    subject: `[adref] For your government's position by ${deadline}: ${p.title}`,
    body:
      `The ${p.framework} chair has circulated the final text of "${p.title}" for adoption ad referendum.\n\n` +
      `Please record your government's position (endorse, endorse with a reservation, object, or pending domestic clearance) by ${deadline}.\n` +
      `Silence rule: ${p.round?.silenceRule === 'silence_is_consent' ? 'silence is taken as consent' : 'every member must answer explicitly'}.\n` +
      `Text version ${p.round?.version.number}, sha256 ${p.round?.version.hash}\n\n${text}`,
  }),
  reminder: (p, deadline) => ({
    subject: `[adref] Reminder: your position on "${p.title}" is due by ${deadline}`,
    body:
      `Your government's position on "${p.title}" has not been recorded yet. The deadline is ${deadline}.\n` +
      `Still outstanding: ${list(p.round?.outstanding)}.`,
  }),
  objection_lodged: (p) => ({
    subject: `[adref] Objection lodged: ${p.title}`,
    body:
      `An objection stands against "${p.title}" (${list(p.round?.objectors)}); consensus is blocked ` +
      `until it is withdrawn or the chair revises the text.`,
  }),
  deadline_extended: (p, deadline) => ({
    subject: `[adref] Deadline extended to ${deadline}: ${p.title}`,
    body: `The chair has extended the deadline for positions on "${p.title}" to ${deadline}.`,
  }),
  adopted: (p) => ({
    subject: `[adref] Adopted: ${p.title}`,
    body:
      `Record of adoption\n\n"${p.title}" (${p.framework}) was adopted on ${p.adoption?.date} ` +
      `(${p.adoption?.basis}).\nAdopted text sha256 ${p.adoption?.versionHash}` +
      (p.adoption?.deemedConsent.length
        ? `\nDeemed to consent by silence: ${list(p.adoption.deemedConsent)}`
        : ''),
  }),
  not_adopted: (p) => ({
    subject: `[adref] Not adopted: ${p.title}`,
    body: `The ad-referendum round on "${p.title}" closed without adoption.`,
  }),
  withdrawn: (p) => ({
    subject: `[adref] Withdrawn: ${p.title}`,
    body: `The chair withdrew "${p.title}". Reason: ${p.withdrawal?.reason ?? '—'}`,
  }),
  revised: (p) => ({
    subject: `[adref] Text under revision: ${p.title}`,
    body: `The chair is revising "${p.title}"; positions on the circulated text no longer count. A new round will follow.`,
  }),
  chair_handover: (p) => ({
    subject: `[adref] ${p.incoming} now chairs ${p.framework}`,
    body:
      `${p.incoming} has taken over the ${p.framework} chair${p.outgoing ? ` from ${p.outgoing}` : ''}. ` +
      `Statements in progress pass to its secretariat:\n` +
      (p.inFlight?.map((s) => `- ${s.title} (${s.state})`).join('\n') || '- none'),
  }),
};

const TH: Texts = {
  round_opened: (p, deadline, text) => ({
    subject: `[adref] ขอให้แจ้งท่าทีภายใน ${deadline}: ${p.titleTh ?? p.title}`,
    body:
      `ประธาน ${p.framework} ได้เวียนร่างสุดท้ายของ "${p.titleTh ?? p.title}" เพื่อให้ความเห็นชอบแบบ ad referendum\n\n` +
      `โปรดบันทึกท่าทีของรัฐบาลท่าน (เห็นชอบ เห็นชอบโดยมีข้อสงวน คัดค้าน หรืออยู่ระหว่างการพิจารณาภายในประเทศ) ภายใน ${deadline}\n` +
      `หลักการนิ่งเฉย: ${p.round?.silenceRule === 'silence_is_consent' ? 'การนิ่งเฉยถือว่าให้ความเห็นชอบ' : 'สมาชิกทุกประเทศต้องแจ้งท่าทีอย่างชัดแจ้ง'}\n` +
      `ฉบับที่ ${p.round?.version.number} sha256 ${p.round?.version.hash}\n\n${text}`,
  }),
  reminder: (p, deadline) => ({
    subject: `[adref] แจ้งเตือน: กรุณาแจ้งท่าทีต่อ "${p.titleTh ?? p.title}" ภายใน ${deadline}`,
    body:
      `ยังไม่มีการบันทึกท่าทีของรัฐบาลท่านต่อ "${p.titleTh ?? p.title}" กำหนดเวลาคือ ${deadline}\n` +
      `สมาชิกที่ยังไม่แจ้งท่าที: ${list(p.round?.outstanding)}`,
  }),
  objection_lodged: (p) => ({
    subject: `[adref] มีการคัดค้าน: ${p.titleTh ?? p.title}`,
    body: `มีการคัดค้าน "${p.titleTh ?? p.title}" (${list(p.round?.objectors)}) ฉันทามติจึงยังไม่เกิดขึ้นจนกว่าจะถอนคำคัดค้านหรือประธานแก้ไขร่าง`,
  }),
  deadline_extended: (p, deadline) => ({
    subject: `[adref] ขยายกำหนดเวลาเป็น ${deadline}: ${p.titleTh ?? p.title}`,
    body: `ประธานได้ขยายกำหนดเวลาการแจ้งท่าทีต่อ "${p.titleTh ?? p.title}" เป็น ${deadline}`,
  }),
  adopted: (p) => ({
    subject: `[adref] ได้รับการรับรองแล้ว: ${p.titleTh ?? p.title}`,
    body:
      `บันทึกการรับรอง\n\n"${p.titleTh ?? p.title}" (${p.framework}) ได้รับการรับรองเมื่อ ${p.adoption?.date} ` +
      `(${p.adoption?.basis})\nsha256 ของร่างที่รับรอง ${p.adoption?.versionHash}` +
      (p.adoption?.deemedConsent.length
        ? `\nถือว่าให้ความเห็นชอบโดยการนิ่งเฉย: ${list(p.adoption.deemedConsent)}`
        : ''),
  }),
  not_adopted: (p) => ({
    subject: `[adref] ไม่ได้รับการรับรอง: ${p.titleTh ?? p.title}`,
    body: `การขอความเห็นชอบแบบ ad referendum ต่อ "${p.titleTh ?? p.title}" สิ้นสุดลงโดยไม่ได้รับการรับรอง`,
  }),
  withdrawn: (p) => ({
    subject: `[adref] ถอนร่าง: ${p.titleTh ?? p.title}`,
    body: `ประธานได้ถอน "${p.titleTh ?? p.title}" เหตุผล: ${p.withdrawal?.reason ?? '—'}`,
  }),
  revised: (p) => ({
    subject: `[adref] อยู่ระหว่างแก้ไขร่าง: ${p.titleTh ?? p.title}`,
    body: `ประธานกำลังแก้ไข "${p.titleTh ?? p.title}" ท่าทีต่อร่างที่เวียนไปแล้วจะไม่นับ และจะมีการเวียนรอบใหม่`,
  }),
  chair_handover: (p) => ({
    subject: `[adref] ${p.incoming} รับตำแหน่งประธาน ${p.framework}`,
    body:
      `${p.incoming} รับตำแหน่งประธาน ${p.framework}${p.outgoing ? ` ต่อจาก ${p.outgoing}` : ''} ` +
      `เอกสารที่อยู่ระหว่างดำเนินการจะโอนไปยังสำนักเลขาธิการของประธานคนใหม่:\n` +
      (p.inFlight?.map((s) => `- ${s.title} (${s.state})`).join('\n') || '- ไม่มี'),
  }),
};

/** The message of a notification in the reader's language, deadlines in the reader's time zone. */
export function compose(
  kind: string,
  payload: NotificationPayload,
  language: Language,
  timeZone: string,
  circulatedText = '',
): Composition {
  const texts = language === 'th' ? TH : EN;
  const template =
    texts[kind] ?? (() => ({ subject: `[adref] ${kind}: ${payload.title}`, body: kind }));
  const deadline = payload.round ? formatDeadline(payload.round.deadline, timeZone, language) : '';
  const composed = template(payload, deadline, circulatedText);
  return payload.chainHead
    ? { ...composed, body: `${composed.body}\n\n${witnessLines(payload.chainHead, language)}` }
    : composed;
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
