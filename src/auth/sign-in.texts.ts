import { asHtml, asText, type Block } from '../notify/email-body.util';
import type { Language } from '../common/principal.entity';

/** What the sign-in email says, in the reader's language: text, and the same as HTML. */
export interface SignInEmail {
  subject: string;
  body: string;
  html: string;
}

interface EmailParams {
  name: string;
  url: string;
  /** When the link stops working, in the reader's time zone (see formatTime). */
  until: string;
}

type Words = { subject: string; blocks: Block[] };

const EMAIL: Record<Language, (p: EmailParams) => Words> = {
  en: (p) => ({
    subject: '[adref] Your sign-in link',
    blocks: [
      { p: `Hello ${p.name},` },
      { link: p.url, label: 'Open this link to sign in to adref' },
      {
        p:
          `It works once, within 15 minutes (until ${p.until}). If you did not ask for it, ` +
          `ignore this email: nobody can sign in without the link.`,
      },
    ],
  }),
  th: (p) => ({
    subject: '[adref] ลิงก์สำหรับลงชื่อเข้าใช้',
    blocks: [
      { p: `เรียน ${p.name}` },
      { link: p.url, label: 'เปิดลิงก์นี้เพื่อลงชื่อเข้าใช้ adref' },
      {
        p:
          `ลิงก์นี้ใช้ได้ครั้งเดียว ภายใน 15 นาที (ถึง ${p.until}) หากท่านไม่ได้ขอลิงก์นี้ ` +
          `ไม่ต้องดำเนินการใด ๆ เพราะไม่มีผู้ใดลงชื่อเข้าใช้ได้โดยไม่มีลิงก์นี้`,
      },
    ],
  }),
};

export function signInEmail(language: Language, params: EmailParams): SignInEmail {
  const { subject, blocks } = (EMAIL[language] ?? EMAIL.en)(params);
  return { subject, body: `${asText(blocks)}\n`, html: asHtml(blocks, subject, language) };
}

/** The refusals a person can meet on the way in, each shown as a page in English and Thai. */
export type RefusalKind =
  | 'link_used'
  | 'link_expired'
  | 'link_invalid'
  | 'account_unknown'
  | 'account_deactivated'
  | 'no_email'
  | 'provider_failed'
  | 'provider_off'
  | 'unavailable'
  | 'error';

export interface RefusalText {
  title: string;
  text: string;
  action: string;
}

type RefusalTexts = Record<RefusalKind, (email: string) => RefusalText>;

const NEW_LINK_EN = 'Ask for a new sign-in link';
const NEW_LINK_TH = 'ขอลิงก์ลงชื่อเข้าใช้ใหม่';
const BACK_EN = 'Back to sign-in';
const BACK_TH = 'กลับไปหน้าลงชื่อเข้าใช้';

export const REFUSALS: Record<Language, RefusalTexts> = {
  en: {
    link_used: () => ({
      title: 'This sign-in link has already been used',
      text: 'Each sign-in link works only once. Ask for a new one.',
      action: NEW_LINK_EN,
    }),
    link_expired: () => ({
      title: 'This sign-in link has expired',
      text: 'A sign-in link works for 15 minutes. Ask for a new one.',
      action: NEW_LINK_EN,
    }),
    link_invalid: () => ({
      title: 'This sign-in link is not valid',
      text: 'The link may have been cut short: open the whole link from the email, or ask for a new one.',
      action: NEW_LINK_EN,
    }),
    account_unknown: (email) => ({
      title: 'No adref account uses this email address',
      text: `Your government account signed you in as ${email}, but no adref account uses this address. Ask your adref administrator to add you.`,
      action: BACK_EN,
    }),
    account_deactivated: (email) => ({
      title: 'This adref account is deactivated',
      text: `The adref account of ${email} no longer signs in. Ask your adref administrator if this is a mistake.`,
      action: BACK_EN,
    }),
    no_email: () => ({
      title: 'Your government account gave no verified email address',
      text: 'adref matches people by their email address. Ask your identity provider’s administrator to release a verified email address to adref.',
      action: BACK_EN,
    }),
    provider_failed: () => ({
      title: 'Sign-in with your government account did not complete',
      text: 'It was cancelled, took longer than 10 minutes, or was started in another window. Try again.',
      action: BACK_EN,
    }),
    provider_off: () => ({
      title: 'Sign-in with a government account is not set up here',
      text: 'Sign in with a link by email instead.',
      action: BACK_EN,
    }),
    unavailable: () => ({
      title: 'adref cannot sign you in right now',
      text: 'A service adref needs cannot be reached. Try again in a minute.',
      action: BACK_EN,
    }),
    error: () => ({
      title: 'Something went wrong while signing you in',
      text: 'Try again. If it keeps happening, tell your adref administrator.',
      action: BACK_EN,
    }),
  },
  th: {
    link_used: () => ({
      title: 'ลิงก์ลงชื่อเข้าใช้นี้ถูกใช้ไปแล้ว',
      text: 'ลิงก์ลงชื่อเข้าใช้แต่ละลิงก์ใช้ได้เพียงครั้งเดียว โปรดขอลิงก์ใหม่',
      action: NEW_LINK_TH,
    }),
    link_expired: () => ({
      title: 'ลิงก์ลงชื่อเข้าใช้นี้หมดอายุแล้ว',
      text: 'ลิงก์ลงชื่อเข้าใช้ใช้ได้ภายใน 15 นาทีเท่านั้น โปรดขอลิงก์ใหม่',
      action: NEW_LINK_TH,
    }),
    link_invalid: () => ({
      title: 'ลิงก์ลงชื่อเข้าใช้นี้ไม่ถูกต้อง',
      text: 'ลิงก์อาจไม่ครบถ้วน โปรดเปิดลิงก์ทั้งหมดจากอีเมล หรือขอลิงก์ใหม่',
      action: NEW_LINK_TH,
    }),
    account_unknown: (email) => ({
      title: 'ไม่มีบัญชี adref ที่ใช้อีเมลนี้',
      text: `บัญชีของหน่วยงานยืนยันตัวตนของท่านเป็น ${email} แล้ว แต่ไม่มีบัญชี adref ที่ใช้อีเมลนี้ โปรดติดต่อผู้ดูแลระบบ adref เพื่อเพิ่มบัญชีของท่าน`,
      action: BACK_TH,
    }),
    account_deactivated: (email) => ({
      title: 'บัญชี adref นี้ถูกระงับการใช้งานแล้ว',
      text: `บัญชี adref ของ ${email} ไม่สามารถลงชื่อเข้าใช้ได้แล้ว หากเป็นความผิดพลาด โปรดติดต่อผู้ดูแลระบบ adref`,
      action: BACK_TH,
    }),
    no_email: () => ({
      title: 'บัญชีของหน่วยงานไม่ได้ส่งอีเมลที่ยืนยันแล้ว',
      text: 'adref ระบุตัวผู้ใช้ด้วยอีเมล โปรดขอให้ผู้ดูแลระบบยืนยันตัวตนของหน่วยงานส่งอีเมลที่ยืนยันแล้วให้ adref',
      action: BACK_TH,
    }),
    provider_failed: () => ({
      title: 'การลงชื่อเข้าใช้ด้วยบัญชีของหน่วยงานไม่สำเร็จ',
      text: 'การลงชื่อเข้าใช้ถูกยกเลิก ใช้เวลานานกว่า 10 นาที หรือเริ่มจากหน้าต่างอื่น โปรดลองใหม่',
      action: BACK_TH,
    }),
    provider_off: () => ({
      title: 'ยังไม่ได้ตั้งค่าการลงชื่อเข้าใช้ด้วยบัญชีของหน่วยงาน',
      text: 'โปรดลงชื่อเข้าใช้ด้วยลิงก์ทางอีเมลแทน',
      action: BACK_TH,
    }),
    unavailable: () => ({
      title: 'adref ยังไม่สามารถให้ท่านลงชื่อเข้าใช้ได้ในขณะนี้',
      text: 'ไม่สามารถติดต่อบริการที่ adref ต้องใช้ได้ โปรดลองใหม่ในอีกหนึ่งนาที',
      action: BACK_TH,
    }),
    error: () => ({
      title: 'เกิดข้อผิดพลาดระหว่างการลงชื่อเข้าใช้',
      text: 'โปรดลองใหม่ หากยังเกิดขึ้นอีก โปรดแจ้งผู้ดูแลระบบ adref',
      action: BACK_TH,
    }),
  },
};
