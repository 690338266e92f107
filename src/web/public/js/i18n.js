// English and Thai. Words of the procedure (states, positions, events) follow the API's names.

// The vocabulary shared with the PDF record and the emails: one catalogue (src/common/vocabulary.catalogue.json).
const VOCABULARY = await fetch(new URL('../vocabulary.json', import.meta.url)).then((response) =>
  response.json(),
);

function shared(words) {
  return {
    ...words.labels,
    ...words.silenceRules,
    basisConsensus: words.adoptionBases.consensus,
    basisSilence: words.adoptionBases.silence,
    basisMeeting: words.adoptionBases.meeting,
    states: words.states,
    events: words.events,
    actions: words.actions,
    positions: words.positions,
    standings: words.standings,
    roles: words.roles,
  };
}

const EN = {
  ...shared(VOCABULARY.en),
  tagline: 'ACCSM statements by ad referendum',
  skip: 'Skip to content',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInIntro:
    'Sign in with the personal token your administrator gave you. Keep it to yourself: it acts in your name.',
  token: 'Personal token',
  remember: 'Keep me signed in on this device',
  badToken: 'This token is not valid. Check it with your administrator.',
  expired: 'Your sign-in is no longer valid. Sign in again.',
  signedOut: 'You are signed out.',
  signInOidc: 'Sign in with your government account',
  signInEmailIntro:
    'Enter your work email address: adref emails you a link that signs you in. It works once, within 15 minutes.',
  emailAddress: 'Email address',
  sendLink: 'Email me a sign-in link',
  linkSent:
    'If {email} belongs to an adref account, a sign-in link is on its way. Open it in this browser within 15 minutes.',
  badEmail: 'Enter an email address such as name@ministry.go.th.',
  signInWithToken: 'Sign in with a personal token',
  actsFor: 'acts for {member}',
  signedInAs: 'Signed in as',
  loading: 'Loading…',
  notFound: 'Page not found',
  notFoundText: 'There is no page at this address.',
  board: 'Statements',
  boardIntro: 'Every statement, nearest deadline first.',
  filters: 'Filters',
  framework: 'Framework',
  allFrameworks: 'All frameworks',
  state: 'State',
  allStates: 'All states',
  awaitingMine: 'Awaiting {member}',
  overdue: 'Overdue',
  title: 'Title',
  progress: 'Endorsed',
  outstanding: 'Outstanding',
  none: 'none',
  count: '{n} of {total} statements',
  noStatements: 'No statement matches these filters.',
  timesIn: 'Times are shown in your time zone, {zone}.',
  more: 'Show more',
  endorsedOf: '{n} of {total} endorsed',
  overdueBy: 'overdue by {x}',
  newStatement: 'Launch a statement',
  newStatementText:
    'The statement starts in drafting with this text as version 1. You can edit the draft before submitting it to SOM.',
  titleEn: 'Title (English)',
  titleTh: 'Title in Thai (optional)',
  body: 'Text',
  launch: 'Launch',
  back: 'All statements',
  backToStatement: 'The statement',
  onThisPage: 'On this page',
  sectionText: 'Text',
  sectionChanges: 'Versions and changes',
  sectionPositions: 'Positions',
  sectionDocuments: 'Documents',
  noDocuments: 'No document is attached.',
  documentsHidden: 'Documents are shown to those who act for a member of the framework.',
  documentKind_note_verbale: 'Note verbale',
  documentKind_annex: 'Annex',
  documentKind_draft: 'Draft',
  documentKind_other: 'Document',
  documentSize: '{kb} KB',
  sectionTimeline: 'Timeline',
  // Comments on the text (issue 12).
  sectionComments: 'Comments',
  commentsOnVersion: 'Comments on version {n}',
  paragraphN: 'Paragraph {n}',
  wholeText: 'The text as a whole',
  noComments: 'No comments yet.',
  addComment: 'Add a comment',
  commentText: 'Your comment',
  commentParagraph: 'On',
  commentReplyTo: 'In reply to',
  noReply: 'Not a reply',
  sendComment: 'Post the comment',
  commentPosted: 'Your comment is posted.',
  commentsReadOnly:
    'You can read the comments; only the electors’ focal points and the chair’s secretariat write them.',
  commentNotPosition: 'A comment is not a position: it does not change the round.',
  remindNow: 'Remind the outstanding members now',
  remindExplain:
    'Sends a reminder now to the focal points of the members who have not answered; a round can be reminded once every 12 hours.',
  reminderSent: 'Reminder sent to {members}.',
  sectionLifecycle: 'Lifecycle',
  sectionActions: 'Actions',
  currentVersion: 'Current version',
  recordLink: 'Record of adoption',
  version: 'Version',
  note: 'Note',
  compare: 'Compare two versions',
  from: 'From',
  to: 'To',
  showChanges: 'Show changes',
  sinceMine: 'Changes since {member} last gave a position (version {a} → version {b})',
  sameVersion: '{member} gave its last position on the current version: nothing changed since.',
  noEarlierPosition: '{member} has not given a position on any version yet.',
  onlyOneVersion: 'There is only one version so far.',
  added: 'added',
  removed: 'removed',
  noChanges: 'The two versions are identical.',
  matrixCaption: 'Round {n}: positions on version {v}',
  reservationOrReasons: 'Reservation or reasons',
  noPosition: 'no position yet',
  superseded: 'Superseded',
  earlier: 'Earlier entries',
  earlierRounds: 'Earlier rounds',
  noRound: 'No ad-referendum round has been opened yet.',
  by: 'by {actor}',
  chainValid: 'The audit trail is intact: its hash chain checks out.',
  chainBroken: 'The audit trail is broken at event {n}.',
  effectiveRecorded: 'effective {at}, recorded {recorded} by {actor}',
  imported: 'imported',
  importedEvent: 'Imported from the records kept before adref',
  verifying: 'Verifying the history…',
  verifyOk: 'Verified: {n} events, hash chain and signatures intact, state matches the history.',
  verifyFailed: 'Verification failed: {count} problems in {n} events.',
  verifyFailedOne: 'Verification failed: 1 problem in {n} events.',
  verifyUnavailable: 'The history could not be verified just now.',
  problemAt: 'event {seq}',
  verifyHow:
    'Verify: GET /api/v1/statements/{id}/verify, or npm run verify -- --witness <this record>; public keys at /api/v1/keys.',
  currentState: 'Current state: {state}',
  fromHere: 'What can happen next',
  nothingNext: 'This state is final.',
  anyState: 'from any state that is not final',
  lifecycleLabel: 'The lifecycle of a statement, with the current state highlighted',
  confirm: 'Confirm',
  cancel: 'Cancel',
  sending: 'Sending…',
  done: 'Done: {action}.',
  newDeadline: 'Deadline',
  deadlineHint: 'In your time zone, {zone}.',
  meeting: 'Meeting (optional)',
  meetingNone: 'No meeting named',
  meetingOther: 'Another meeting (type its name)',
  meetingText: 'Name of the meeting',
  meetingTextHint: 'For a meeting not yet in the reference data.',
  noteOptional: 'Note (optional)',
  reason: 'Reason',
  reasonOptional: 'Reason (optional)',
  revisedText: 'Revised text (optional: you can also edit it afterwards)',
  editNote: 'What changed and why',
  positionFormTitle: 'Record the position of {member}',
  positionFormBehalf: 'Record a position on a member’s behalf',
  onVersion: 'On version {v} of the text (sha256 {hash}), circulated in round {n}.',
  currentPositionNote: 'Current position: {position}, {date}. A new one supersedes it.',
  notInElectorate: '{member} is not in the electorate of this round.',
  positionText: 'Text (optional)',
  reservationText: 'Reservation or interpretative statement',
  objectionText: 'Reasons, and amendment text if any',
  reference: 'Reference (note verbale)',
  takenAt: 'Received on (optional)',
  recordButton: 'Record position…',
  confirmPosition: 'Record “{position}” for {member} on version {v}?',
  textRequired: 'Give the text of the reservation or the reasons.',
  referenceRequired: 'Give the reference of the note verbale.',
  choosePosition: 'Choose a position.',
  chooseMember: 'Choose a member.',
  required: 'This field is required.',
  print: 'Print',
  pdf: 'Download PDF',
  csv: 'Download CSV',
  notAdopted: 'There is no record of adoption yet.',
  view: 'Open',
  users: 'Users',
  usersIntro:
    'Everyone who signs in to adref. Deactivating an account stops its tokens and browser sessions at once.',
  usersCount: '{n} of {total} users',
  noUsers: 'No user matches these filters.',
  accountNav: 'Accounts',
  personName: 'Name',
  email: 'Email',
  role: 'Role',
  allRoles: 'All roles',
  allMembers: 'All members',
  accountStatus: 'Status',
  allStatuses: 'Active and deactivated',
  statusActive: 'Active',
  statusInactive: 'Deactivated',
  you: '(you)',
  memberField: 'Member',
  memberFieldHint: 'A focal point and the chair secretariat act for a member.',
  memberNeeded: 'Choose the member this user acts for.',
  noMember: '— none —',
  addUser: 'Add a user',
  addUserText:
    'The new user gets a personal token, shown once. Hand it over through a safe channel, or let them sign in by email link.',
  userAdded: '{name} can now sign in.',
  deactivate: 'Deactivate',
  deactivateTitle: 'Deactivate {name}?',
  deactivateText:
    'Every token and browser session of {name} stops working at once. You can reactivate the account later; a new token must then be issued.',
  deactivated: '{name} is deactivated: none of their credentials works any more.',
  reactivate: 'Reactivate',
  reactivateTitle: 'Reactivate {name}?',
  reactivateText:
    '{name} can sign in again by email link or through the identity provider. Their old tokens stay revoked: issue a new one if they need it.',
  reactivated: '{name} is active again.',
  newToken: 'Issue a new token',
  newTokenTitle: 'Issue a new token for {name}?',
  newTokenText: 'The new token is shown once. Every earlier token of {name} stops working at once.',
  tokenFor: 'The new token for {name}. It is shown only this once: copy it now.',
  tokenExpires: 'Valid until {date}.',
  copy: 'Copy',
  copied: 'Copied.',
  copyByHand: 'Select the token and copy it by hand.',
  myAccount: 'My account',
  accountIntro: 'Who you are in adref, your language, and the credentials that act in your name.',
  accountDetails: 'Your details',
  accountDetailsHint: 'Your name, email, role and member are kept by your administrator.',
  preferredLanguage: 'Language of pages and messages',
  preferredLanguageHint: 'Emails and reminders to you are sent in this language.',
  save: 'Save',
  languageSaved: 'Your language is saved.',
  personalToken: 'Personal token',
  personalTokenText:
    'For scripts and programs that use the API in your name. A token expires after a set time; get a new one whenever you need.',
  rotateToken: 'Get a new token',
  rotateTitle: 'Get a new personal token?',
  rotateText:
    'Your current token stops working at once, wherever it is used. The new one is shown only once.',
  yourNewToken: 'Your new token. It is shown only this once: copy it now.',
  signOutEverywhere: 'Sign out everywhere',
  signOutEverywhereHint:
    'If a device was lost or a token may have leaked: every token and browser session of your account stops working, this one included.',
  signOutEverywhereTitle: 'Sign out everywhere?',
  signOutEverywhereText:
    'Every token and browser session of your account stops working at once, this one included. You will have to sign in again.',
  signedOutEverywhere:
    'You are signed out everywhere. Every token and session of your account is revoked.',
  positionHelp: {
    endorse: 'The government endorses the text.',
    endorse_with_reservation:
      'Endorses, with a reservation or interpretative statement annexed to the record.',
    object: 'Does not endorse: give the reasons. This blocks consensus.',
    clearance_pending: 'An interim answer: the text is still being cleared at home.',
  },
  explain: {
    SUBMIT_TO_SOM: 'The draft goes to the Senior Officials Meeting for review.',
    RETURN_FOR_REVISION: 'SOM returns the draft for revision: it goes back to drafting.',
    APPROVE_IN_PRINCIPLE:
      'SOM approves the statement in principle. The final text then goes to ad referendum.',
    ADOPT_AT_MEETING: 'The meeting adopts the statement by consensus. This is final.',
    OPEN_AD_REFERENDUM:
      'Version {v} is circulated to every member’s focal point, who record their government’s position by the deadline.',
    EXTEND_DEADLINE: 'The round’s deadline moves later. Every extension is recorded.',
    DEADLINE_PASSED:
      'Records that the deadline has passed: under “silence is consent” the statement is adopted, otherwise the chair decides.',
    REVISE:
      'The round ends and positions on this text stop counting. The new version needs a new round.',
    CLOSE_WITHOUT_ADOPTION: 'The round closes and the statement is not adopted. This is final.',
    WITHDRAW: 'The statement is withdrawn. This is final.',
    EDIT_TEXT: 'A new version of the text is stored; earlier versions stay readable.',
  },
  problems: {
    hash_mismatch: 'An event’s hash does not match its contents',
    broken_link: 'An event does not link to the one before it',
    bad_signature: 'A signature does not verify',
    unknown_key: 'A key adref never published',
    unsigned: 'An event has no signature',
    missing_events: 'Events are missing',
    replay_refused: 'The procedure refuses an event of the history',
    replay_mismatch: 'Replaying the history gives another result',
    snapshot_mismatch: 'The stored state does not match the history',
    round_mismatch: 'A stored round does not match the history',
    position_mismatch: 'A stored position does not match the history',
    text_mismatch: 'A stored text does not match the history',
    witness_mismatch: 'A record held elsewhere does not match the history',
    document_mismatch: 'A document is not the one the history attached',
  },
  errors: {
    0: 'The server could not be reached. Check your connection and try again.',
    400: 'Some of what was entered needs correcting.',
    401: 'Your sign-in is no longer valid.',
    403: 'You are not allowed to do this.',
    404: 'This could not be found.',
    409: 'This cannot be done at this stage.',
    422: 'The procedure does not allow this.',
    500: 'Something went wrong on the server. Try again later.',
  },
  errorCodes: {
    paragraph_out_of_range: 'The text has no paragraph of that number.',
    reply_to_unknown: 'The comment you reply to is not on this statement.',
    reminder_too_soon: 'This round was reminded less than 12 hours ago.',
    email_taken: 'Another account already uses this email address.',
    machine_version_unavailable:
      'This statement follows a version of the procedure that this installation of adref cannot open. An administrator must upgrade adref.',
  },
  versionUnavailable: 'Procedure version {version}: this adref cannot open it',
  serverSaid: 'Details: {message}',
  overview: {
    matrix: 'Matrix',
    matrixTitle: 'Positions across statements: {framework}',
    matrixIntro:
      'Every statement of the framework against every member: each position and its date. Scroll the table sideways on a phone.',
    statement: 'Statement',
    version: 'version {n}',
    openOnly: 'Open rounds only',
    csv: 'Download CSV',
    xlsx: 'Download Excel (XLSX)',
    pages: 'Pages',
    previous: 'Previous',
    next: 'Next',
    pageOf: 'Page {page} of {pages}',
    olderVersion: 'on an older version',
    thisVersion: 'on this version',
    onBehalf: 'recorded on behalf',
    cells: {
      outstanding: 'Awaited: no position yet',
      none: 'No position (no round, or the round closed without one)',
      not_in_electorate: 'Not an elector of this round',
    },
    short: {
      endorse: 'Endorse',
      endorse_with_reservation: 'Reservation',
      object: 'Objects',
      clearance_pending: 'Clearance',
      outstanding: 'Awaited',
      none: '—',
      not_in_electorate: 'n/e',
    },
    inbox: 'Inbox',
    myInbox: 'My inbox',
    inboxTitle: 'Awaiting {member}',
    inboxIntro: 'Everything that waits for this member, across statements, nearest deadline first.',
    inboxEmpty: 'Nothing awaits this member.',
    member: 'Member',
    awaiting: 'Awaiting',
    lastAnswer: 'Last answer',
    noAnswer: 'No answer yet',
    reasons: {
      position_due: 'Position due',
      clearance_pending: 'Pending domestic clearance',
      objection_standing: 'Its objection stands',
      chair_decision: 'Chair’s decision',
    },
  },
  proposals: {
    section: 'Text proposals',
    intro:
      'Members propose text for a paragraph without blocking the round; the chair takes or declines each proposal when making a new version. To block, a member objects.',
    none: 'No member has proposed text yet.',
    paragraph: 'Paragraph',
    paragraphN: 'Paragraph {n}',
    unplaced: 'Proposals on paragraphs deleted since',
    madeOn: 'On paragraph {p} of version {v}',
    by: 'by {name} ({role})',
    byOnBehalf: 'by {name} ({role}) on the member’s behalf',
    reason: 'Reason: {reason}',
    rationaleIs: 'Why: {text}',
    states: {
      open: 'Open',
      accepted: 'Accepted in version {n}',
      rejected: 'Rejected in version {n}',
      withdrawn: 'Withdrawn',
    },
    withdraw: 'Withdraw this proposal',
    withdrawn: 'The proposal is withdrawn.',
    formTitle: 'Propose text (version {v})',
    formHint: 'Give the whole paragraph as you propose it; the differences are shown word by word.',
    text: 'Proposed text',
    rationale: 'Why (optional)',
    submit: 'Propose',
    textRequired: 'Give the text you propose.',
    made: 'Your proposal is recorded. It does not block the round.',
    decide: '{member}, paragraph {p} of version {v}: “{text}”',
    leaveOpen: 'Leave open',
    accept: 'Accept (taken into this text)',
    reject: 'Reject',
    rejectReason: 'Why it is rejected',
  },
};

const TH = {
  ...shared(VOCABULARY.th),
  tagline: 'การรับรองถ้อยแถลง ก.พ. อาเซียน โดยวิธี ad referendum',
  skip: 'ข้ามไปยังเนื้อหา',
  language: 'ภาษา',
  signIn: 'ลงชื่อเข้าใช้',
  signOut: 'ออกจากระบบ',
  signInIntro: 'ลงชื่อเข้าใช้ด้วยโทเคนส่วนตัวที่ผู้ดูแลระบบมอบให้ โปรดเก็บไว้เป็นความลับ เพราะใช้ดำเนินการในนามของท่าน',
  token: 'โทเคนส่วนตัว',
  remember: 'จดจำการลงชื่อเข้าใช้บนอุปกรณ์นี้',
  badToken: 'โทเคนไม่ถูกต้อง โปรดตรวจสอบกับผู้ดูแลระบบ',
  expired: 'การลงชื่อเข้าใช้ใช้ไม่ได้แล้ว โปรดลงชื่อเข้าใช้อีกครั้ง',
  signedOut: 'ออกจากระบบแล้ว',
  signInOidc: 'ลงชื่อเข้าใช้ด้วยบัญชีของหน่วยงานรัฐ',
  signInEmailIntro:
    'กรอกอีเมลที่ใช้ในการทำงาน adref จะส่งลิงก์สำหรับลงชื่อเข้าใช้ทางอีเมล ลิงก์ใช้ได้ครั้งเดียว ภายใน 15 นาที',
  emailAddress: 'อีเมล',
  sendLink: 'ส่งลิงก์ลงชื่อเข้าใช้ทางอีเมล',
  linkSent:
    'หาก {email} เป็นอีเมลของบัญชี adref ลิงก์สำหรับลงชื่อเข้าใช้กำลังส่งไปถึงท่าน โปรดเปิดลิงก์ในเบราว์เซอร์นี้ภายใน 15 นาที',
  badEmail: 'โปรดกรอกอีเมล เช่น name@ministry.go.th',
  signInWithToken: 'ลงชื่อเข้าใช้ด้วยโทเคนส่วนตัว',
  actsFor: 'ในนามของ{member}',
  signedInAs: 'ผู้ใช้',
  loading: 'กำลังโหลด…',
  notFound: 'ไม่พบหน้านี้',
  notFoundText: 'ไม่มีหน้าที่อยู่นี้',
  board: 'ถ้อยแถลง',
  boardIntro: 'ถ้อยแถลงทั้งหมด เรียงตามกำหนดเวลาที่ใกล้ที่สุด',
  filters: 'ตัวกรอง',
  framework: 'กรอบความร่วมมือ',
  allFrameworks: 'ทุกกรอบความร่วมมือ',
  state: 'สถานะ',
  allStates: 'ทุกสถานะ',
  awaitingMine: 'รอท่าทีของ{member}',
  overdue: 'เลยกำหนดเวลา',
  title: 'ชื่อเรื่อง',
  progress: 'รับรองแล้ว',
  outstanding: 'ยังไม่แจ้งท่าที',
  none: 'ไม่มี',
  count: '{n} จาก {total} เรื่อง',
  noStatements: 'ไม่มีถ้อยแถลงที่ตรงกับตัวกรองนี้',
  timesIn: 'แสดงเวลาตามเขตเวลาของท่าน {zone}',
  more: 'แสดงเพิ่มเติม',
  endorsedOf: 'รับรองแล้ว {n} จาก {total}',
  overdueBy: 'เลยกำหนดมา {x}',
  newStatement: 'เสนอร่างถ้อยแถลงใหม่',
  newStatementText: 'ถ้อยแถลงจะเริ่มที่ขั้นยกร่าง โดยใช้ข้อความนี้เป็นฉบับที่ 1 ท่านแก้ไขร่างได้ก่อนเสนอต่อ SOM',
  titleEn: 'ชื่อเรื่อง (ภาษาอังกฤษ)',
  titleTh: 'ชื่อเรื่องภาษาไทย (ไม่บังคับ)',
  body: 'ร่างถ้อยแถลง',
  launch: 'เสนอร่าง',
  back: 'ถ้อยแถลงทั้งหมด',
  backToStatement: 'กลับไปที่ถ้อยแถลง',
  onThisPage: 'ในหน้านี้',
  sectionText: 'ร่างถ้อยแถลง',
  sectionChanges: 'ฉบับและการเปลี่ยนแปลง',
  sectionPositions: 'ท่าทีของสมาชิก',
  sectionDocuments: 'เอกสาร',
  noDocuments: 'ยังไม่มีเอกสารแนบ',
  documentsHidden: 'เอกสารแสดงแก่ผู้ที่ปฏิบัติงานในนามประเทศสมาชิกของกรอบความร่วมมือนี้',
  documentKind_note_verbale: 'บันทึกกลาง',
  documentKind_annex: 'ภาคผนวก',
  documentKind_draft: 'ร่าง',
  documentKind_other: 'เอกสาร',
  documentSize: '{kb} กิโลไบต์',
  sectionTimeline: 'ลำดับเหตุการณ์',
  // ความเห็นต่อร่าง (issue 12)
  sectionComments: 'ความเห็น',
  commentsOnVersion: 'ความเห็นต่อฉบับที่ {n}',
  paragraphN: 'ย่อหน้าที่ {n}',
  wholeText: 'ร่างทั้งฉบับ',
  noComments: 'ยังไม่มีความเห็น',
  addComment: 'แสดงความเห็น',
  commentText: 'ความเห็นของท่าน',
  commentParagraph: 'ต่อ',
  commentReplyTo: 'ตอบความเห็น',
  noReply: 'ไม่ได้ตอบความเห็นใด',
  sendComment: 'ส่งความเห็น',
  commentPosted: 'ส่งความเห็นของท่านแล้ว',
  commentsReadOnly:
    'ท่านอ่านความเห็นได้ ผู้ประสานงานของสมาชิกผู้มีสิทธิ์และสำนักเลขาธิการของประธานเท่านั้นที่แสดงความเห็นได้',
  commentNotPosition: 'ความเห็นไม่ใช่ท่าที และไม่เปลี่ยนแปลงรอบการขอฉันทามติ',
  remindNow: 'แจ้งเตือนสมาชิกที่ยังไม่แจ้งท่าทีเดี๋ยวนี้',
  remindExplain: 'ส่งการแจ้งเตือนทันทีไปยังผู้ประสานงานของสมาชิกที่ยังไม่แจ้งท่าที แจ้งเตือนได้รอบละหนึ่งครั้งทุก 12 ชั่วโมง',
  reminderSent: 'ส่งการแจ้งเตือนถึง {members} แล้ว',
  sectionLifecycle: 'ขั้นตอนการดำเนินการ',
  sectionActions: 'การดำเนินการ',
  currentVersion: 'ฉบับปัจจุบัน',
  recordLink: 'บันทึกการรับรอง',
  version: 'ฉบับ',
  note: 'หมายเหตุ',
  compare: 'เปรียบเทียบสองฉบับ',
  from: 'จาก',
  to: 'ถึง',
  showChanges: 'แสดงการเปลี่ยนแปลง',
  sinceMine: 'การเปลี่ยนแปลงนับจาก{member}แจ้งท่าทีครั้งล่าสุด (ฉบับที่ {a} → ฉบับที่ {b})',
  sameVersion: '{member}แจ้งท่าทีครั้งล่าสุดต่อฉบับปัจจุบัน ไม่มีการเปลี่ยนแปลงตั้งแต่นั้น',
  noEarlierPosition: '{member}ยังไม่เคยแจ้งท่าทีต่อฉบับใด',
  onlyOneVersion: 'ขณะนี้มีเพียงฉบับเดียว',
  added: 'เพิ่ม',
  removed: 'ลบ',
  noChanges: 'สองฉบับนี้เหมือนกัน',
  matrixCaption: 'รอบที่ {n}: ท่าทีต่อร่างฉบับที่ {v}',
  reservationOrReasons: 'ข้อสงวนหรือเหตุผล',
  noPosition: 'ยังไม่แจ้งท่าที',
  superseded: 'ถูกแทนที่',
  earlier: 'รายการก่อนหน้า',
  earlierRounds: 'รอบก่อนหน้า',
  noRound: 'ยังไม่ได้เปิดรอบขอฉันทามติ',
  by: 'โดย {actor}',
  chainValid: 'บันทึกการตรวจสอบครบถ้วน ตรวจสอบ hash chain แล้ว',
  chainBroken: 'บันทึกการตรวจสอบไม่ต่อเนื่องที่เหตุการณ์ที่ {n}',
  effectiveRecorded: 'มีผล {at} บันทึกเมื่อ {recorded} โดย {actor}',
  imported: 'นำเข้า',
  importedEvent: 'นำเข้าจากบันทึกที่จัดทำก่อนใช้ adref',
  verifying: 'กำลังตรวจสอบประวัติ…',
  verifyOk: 'ตรวจสอบแล้ว: {n} เหตุการณ์ hash chain และลายมือชื่อครบถ้วน สถานะตรงกับประวัติ',
  verifyFailed: 'การตรวจสอบไม่ผ่าน: พบปัญหา {count} รายการใน {n} เหตุการณ์',
  verifyFailedOne: 'การตรวจสอบไม่ผ่าน: พบปัญหา 1 รายการใน {n} เหตุการณ์',
  verifyUnavailable: 'ยังไม่สามารถตรวจสอบประวัติได้ในขณะนี้',
  problemAt: 'เหตุการณ์ที่ {seq}',
  verifyHow:
    'ตรวจสอบได้ที่ GET /api/v1/statements/{id}/verify หรือ npm run verify -- --witness <บันทึกนี้> กุญแจสาธารณะอยู่ที่ /api/v1/keys',
  currentState: 'สถานะปัจจุบัน: {state}',
  fromHere: 'ขั้นตอนถัดไปที่เป็นไปได้',
  nothingNext: 'สถานะนี้เป็นที่สิ้นสุด',
  anyState: 'ได้จากทุกสถานะที่ยังไม่สิ้นสุด',
  lifecycleLabel: 'ขั้นตอนการดำเนินการของถ้อยแถลง โดยเน้นสถานะปัจจุบัน',
  confirm: 'ยืนยัน',
  cancel: 'ยกเลิก',
  sending: 'กำลังส่ง…',
  done: 'ดำเนินการแล้ว: {action}',
  newDeadline: 'กำหนดเวลา',
  deadlineHint: 'ตามเขตเวลาของท่าน {zone}',
  meeting: 'การประชุม (ไม่บังคับ)',
  meetingNone: 'ไม่ระบุการประชุม',
  meetingOther: 'การประชุมอื่น (พิมพ์ชื่อการประชุม)',
  meetingText: 'ชื่อการประชุม',
  meetingTextHint: 'สำหรับการประชุมที่ยังไม่มีในข้อมูลอ้างอิง',
  noteOptional: 'หมายเหตุ (ไม่บังคับ)',
  reason: 'เหตุผล',
  reasonOptional: 'เหตุผล (ไม่บังคับ)',
  revisedText: 'ร่างที่แก้ไข (ไม่บังคับ แก้ไขภายหลังได้)',
  editNote: 'สิ่งที่เปลี่ยนแปลงและเหตุผล',
  positionFormTitle: 'บันทึกท่าทีของ{member}',
  positionFormBehalf: 'บันทึกท่าทีแทนประเทศสมาชิก',
  onVersion: 'ต่อร่างฉบับที่ {v} (sha256 {hash}) ที่เวียนในรอบที่ {n}',
  currentPositionNote: 'ท่าทีปัจจุบัน: {position} เมื่อ {date} ท่าทีใหม่จะแทนที่ท่าทีเดิม',
  notInElectorate: '{member}ไม่อยู่ในรายชื่อผู้แจ้งท่าทีของรอบนี้',
  positionText: 'ข้อความ (ไม่บังคับ)',
  reservationText: 'ข้อสงวนหรือถ้อยแถลงตีความ',
  objectionText: 'เหตุผล และข้อเสนอแก้ไข (ถ้ามี)',
  reference: 'เลขที่อ้างอิง (หนังสือกลาง)',
  takenAt: 'วันที่ได้รับ (ไม่บังคับ)',
  recordButton: 'บันทึกท่าที…',
  confirmPosition: 'บันทึกท่าที “{position}” ของ{member} ต่อร่างฉบับที่ {v} ใช่หรือไม่',
  textRequired: 'โปรดระบุข้อสงวนหรือเหตุผล',
  referenceRequired: 'โปรดระบุเลขที่อ้างอิงหนังสือกลาง',
  choosePosition: 'โปรดเลือกท่าที',
  chooseMember: 'โปรดเลือกประเทศสมาชิก',
  required: 'โปรดกรอกช่องนี้',
  print: 'พิมพ์',
  pdf: 'ดาวน์โหลด PDF',
  csv: 'ดาวน์โหลด CSV',
  notAdopted: 'ยังไม่มีบันทึกการรับรอง',
  view: 'เปิด',
  users: 'ผู้ใช้',
  usersIntro: 'ทุกคนที่ลงชื่อเข้าใช้ adref การระงับบัญชีจะทำให้โทเคนและเซสชันเบราว์เซอร์ทั้งหมดของบัญชีนั้นใช้ไม่ได้ทันที',
  usersCount: '{n} จาก {total} คน',
  noUsers: 'ไม่มีผู้ใช้ที่ตรงกับตัวกรองนี้',
  accountNav: 'บัญชี',
  personName: 'ชื่อ',
  email: 'อีเมล',
  role: 'บทบาท',
  allRoles: 'ทุกบทบาท',
  allMembers: 'ทุกประเทศสมาชิก',
  accountStatus: 'สถานะ',
  allStatuses: 'ใช้งานและระงับแล้ว',
  statusActive: 'ใช้งาน',
  statusInactive: 'ระงับแล้ว',
  you: '(ท่าน)',
  memberField: 'ประเทศสมาชิก',
  memberFieldHint: 'ผู้ประสานงานและฝ่ายเลขานุการประธานดำเนินการในนามของประเทศสมาชิก',
  memberNeeded: 'โปรดเลือกประเทศสมาชิกที่ผู้ใช้นี้ดำเนินการในนาม',
  noMember: '— ไม่มี —',
  addUser: 'เพิ่มผู้ใช้',
  addUserText:
    'ผู้ใช้ใหม่จะได้รับโทเคนส่วนตัวซึ่งแสดงเพียงครั้งเดียว โปรดส่งมอบผ่านช่องทางที่ปลอดภัย หรือให้ลงชื่อเข้าใช้ด้วยลิงก์ทางอีเมล',
  userAdded: '{name} ลงชื่อเข้าใช้ได้แล้ว',
  deactivate: 'ระงับบัญชี',
  deactivateTitle: 'ระงับบัญชีของ {name} ใช่หรือไม่',
  deactivateText:
    'โทเคนและเซสชันเบราว์เซอร์ทั้งหมดของ {name} จะใช้ไม่ได้ทันที ท่านเปิดใช้บัญชีอีกครั้งได้ภายหลัง แต่ต้องออกโทเคนใหม่',
  deactivated: 'ระงับบัญชีของ {name} แล้ว ข้อมูลสำหรับลงชื่อเข้าใช้ทั้งหมดใช้ไม่ได้อีก',
  reactivate: 'เปิดใช้อีกครั้ง',
  reactivateTitle: 'เปิดใช้บัญชีของ {name} อีกครั้งใช่หรือไม่',
  reactivateText:
    '{name} จะลงชื่อเข้าใช้ได้อีกด้วยลิงก์ทางอีเมลหรือผ่านผู้ให้บริการยืนยันตัวตน โทเคนเดิมยังคงถูกเพิกถอน โปรดออกโทเคนใหม่หากจำเป็น',
  reactivated: 'เปิดใช้บัญชีของ {name} อีกครั้งแล้ว',
  newToken: 'ออกโทเคนใหม่',
  newTokenTitle: 'ออกโทเคนใหม่ให้ {name} ใช่หรือไม่',
  newTokenText: 'โทเคนใหม่จะแสดงเพียงครั้งเดียว โทเคนเดิมทั้งหมดของ {name} จะใช้ไม่ได้ทันที',
  tokenFor: 'โทเคนใหม่ของ {name} แสดงเพียงครั้งนี้ครั้งเดียว โปรดคัดลอกเก็บไว้ทันที',
  tokenExpires: 'ใช้ได้ถึง {date}',
  copy: 'คัดลอก',
  copied: 'คัดลอกแล้ว',
  copyByHand: 'โปรดเลือกโทเคนแล้วคัดลอกด้วยตนเอง',
  myAccount: 'บัญชีของฉัน',
  accountIntro: 'ข้อมูลของท่านใน adref ภาษาที่ใช้ และข้อมูลสำหรับลงชื่อเข้าใช้ที่ดำเนินการในนามของท่าน',
  accountDetails: 'ข้อมูลของท่าน',
  accountDetailsHint: 'ชื่อ อีเมล บทบาท และประเทศสมาชิกของท่าน ผู้ดูแลระบบเป็นผู้จัดการ',
  preferredLanguage: 'ภาษาของหน้าเว็บและข้อความ',
  preferredLanguageHint: 'อีเมลและการแจ้งเตือนถึงท่านจะส่งเป็นภาษานี้',
  save: 'บันทึก',
  languageSaved: 'บันทึกภาษาของท่านแล้ว',
  personalToken: 'โทเคนส่วนตัว',
  personalTokenText:
    'สำหรับสคริปต์และโปรแกรมที่เรียกใช้ API ในนามของท่าน โทเคนมีอายุจำกัด ท่านขอโทเคนใหม่ได้ทุกเมื่อ',
  rotateToken: 'ขอโทเคนใหม่',
  rotateTitle: 'ขอโทเคนส่วนตัวใหม่ใช่หรือไม่',
  rotateText: 'โทเคนปัจจุบันของท่านจะใช้ไม่ได้ทันทีไม่ว่าจะใช้อยู่ที่ใด โทเคนใหม่จะแสดงเพียงครั้งเดียว',
  yourNewToken: 'โทเคนใหม่ของท่าน แสดงเพียงครั้งนี้ครั้งเดียว โปรดคัดลอกเก็บไว้ทันที',
  signOutEverywhere: 'ออกจากระบบทุกอุปกรณ์',
  signOutEverywhereHint:
    'หากอุปกรณ์สูญหายหรือโทเคนอาจรั่วไหล โทเคนและเซสชันเบราว์เซอร์ทั้งหมดของบัญชีท่านจะใช้ไม่ได้ รวมถึงเซสชันนี้',
  signOutEverywhereTitle: 'ออกจากระบบทุกอุปกรณ์ใช่หรือไม่',
  signOutEverywhereText:
    'โทเคนและเซสชันเบราว์เซอร์ทั้งหมดของบัญชีท่านจะใช้ไม่ได้ทันที รวมถึงเซสชันนี้ ท่านต้องลงชื่อเข้าใช้อีกครั้ง',
  signedOutEverywhere: 'ออกจากระบบทุกอุปกรณ์แล้ว โทเคนและเซสชันทั้งหมดของบัญชีท่านถูกเพิกถอน',
  positionHelp: {
    endorse: 'รัฐบาลรับรองร่างนี้',
    endorse_with_reservation: 'รับรอง โดยมีข้อสงวนหรือถ้อยแถลงตีความแนบท้ายบันทึกการรับรอง',
    object: 'ไม่รับรอง โปรดระบุเหตุผล การคัดค้านทำให้ยังไม่เกิดฉันทามติ',
    clearance_pending: 'คำตอบชั่วคราว: ร่างอยู่ระหว่างการขอความเห็นชอบภายในประเทศ',
  },
  explain: {
    SUBMIT_TO_SOM: 'ร่างจะถูกเสนอต่อที่ประชุมเจ้าหน้าที่อาวุโส (SOM) เพื่อพิจารณา',
    RETURN_FOR_REVISION: 'SOM ส่งร่างกลับไปแก้ไข ถ้อยแถลงจะกลับสู่ขั้นยกร่าง',
    APPROVE_IN_PRINCIPLE: 'SOM เห็นชอบในหลักการ จากนั้นจะเวียนร่างสุดท้ายเพื่อขอฉันทามติ',
    ADOPT_AT_MEETING: 'ที่ประชุมรับรองถ้อยแถลงโดยฉันทามติ การดำเนินการนี้เป็นที่สิ้นสุด',
    OPEN_AD_REFERENDUM:
      'เวียนร่างฉบับที่ {v} ไปยังผู้ประสานงานของทุกประเทศสมาชิก เพื่อแจ้งท่าทีของรัฐบาลภายในกำหนดเวลา',
    EXTEND_DEADLINE: 'ขยายกำหนดเวลาของรอบนี้ การขยายทุกครั้งจะถูกบันทึกไว้',
    DEADLINE_PASSED:
      'บันทึกว่าพ้นกำหนดเวลาแล้ว หากถือว่าการไม่แจ้งคือเห็นชอบ ถ้อยแถลงจะได้รับการรับรอง มิฉะนั้นประธานเป็นผู้ตัดสินใจ',
    REVISE: 'ปิดรอบนี้ ท่าทีต่อร่างนี้จะไม่นับอีก ร่างฉบับใหม่ต้องเปิดรอบใหม่',
    CLOSE_WITHOUT_ADOPTION: 'ปิดรอบโดยไม่รับรองถ้อยแถลง การดำเนินการนี้เป็นที่สิ้นสุด',
    WITHDRAW: 'ถอนถ้อยแถลง การดำเนินการนี้เป็นที่สิ้นสุด',
    EDIT_TEXT: 'บันทึกร่างฉบับใหม่ ฉบับก่อนหน้ายังเปิดอ่านได้',
  },
  problems: {
    hash_mismatch: 'ค่า hash ของเหตุการณ์ไม่ตรงกับเนื้อหา',
    broken_link: 'เหตุการณ์ไม่เชื่อมกับเหตุการณ์ก่อนหน้า',
    bad_signature: 'ลายมือชื่อไม่ถูกต้อง',
    unknown_key: 'กุญแจที่ adref ไม่เคยเผยแพร่',
    unsigned: 'เหตุการณ์ไม่มีลายมือชื่อ',
    missing_events: 'เหตุการณ์สูญหาย',
    replay_refused: 'ขั้นตอนการดำเนินการไม่ยอมรับเหตุการณ์ในประวัติ',
    replay_mismatch: 'การเล่นซ้ำประวัติให้ผลต่างออกไป',
    snapshot_mismatch: 'สถานะที่จัดเก็บไม่ตรงกับประวัติ',
    round_mismatch: 'รอบที่จัดเก็บไม่ตรงกับประวัติ',
    position_mismatch: 'ท่าทีที่จัดเก็บไม่ตรงกับประวัติ',
    text_mismatch: 'ร่างที่จัดเก็บไม่ตรงกับประวัติ',
    witness_mismatch: 'บันทึกที่เก็บไว้ภายนอกไม่ตรงกับประวัติ',
    document_mismatch: 'เอกสารไม่ตรงกับที่ประวัติบันทึกว่าแนบไว้',
  },
  errors: {
    0: 'ติดต่อเซิร์ฟเวอร์ไม่ได้ โปรดตรวจสอบการเชื่อมต่อแล้วลองอีกครั้ง',
    400: 'ข้อมูลที่กรอกบางส่วนต้องแก้ไข',
    401: 'การลงชื่อเข้าใช้ใช้ไม่ได้แล้ว',
    403: 'ท่านไม่มีสิทธิ์ดำเนินการนี้',
    404: 'ไม่พบข้อมูล',
    409: 'ไม่สามารถดำเนินการได้ในขั้นตอนนี้',
    422: 'ขั้นตอนการดำเนินการไม่อนุญาตให้ทำเช่นนี้',
    500: 'เกิดข้อผิดพลาดที่เซิร์ฟเวอร์ โปรดลองใหม่ภายหลัง',
  },
  errorCodes: {
    paragraph_out_of_range: 'ร่างไม่มีย่อหน้าหมายเลขนั้น',
    reply_to_unknown: 'ความเห็นที่ท่านตอบไม่ได้อยู่ในถ้อยแถลงนี้',
    reminder_too_soon: 'รอบนี้เพิ่งมีการแจ้งเตือนไปเมื่อไม่ถึง 12 ชั่วโมงที่แล้ว',
    email_taken: 'มีบัญชีอื่นใช้อีเมลนี้อยู่แล้ว',
    machine_version_unavailable:
      'ถ้อยแถลงนี้ใช้ขั้นตอนการดำเนินการฉบับที่ adref ที่ติดตั้งอยู่นี้เปิดไม่ได้ ผู้ดูแลระบบต้องปรับรุ่น adref',
  },
  versionUnavailable: 'ขั้นตอนฉบับที่ {version}: adref รุ่นนี้เปิดไม่ได้',
  serverSaid: 'รายละเอียด: {message}',
  overview: {
    matrix: 'ตาราง',
    matrixTitle: 'ท่าทีในถ้อยแถลงทั้งหมด: {framework}',
    matrixIntro:
      'ถ้อยแถลงทุกฉบับของกรอบความร่วมมือกับสมาชิกทุกประเทศ: ท่าทีและวันที่ บนโทรศัพท์ให้เลื่อนตารางไปด้านข้าง',
    statement: 'ถ้อยแถลง',
    version: 'ฉบับที่ {n}',
    openOnly: 'เฉพาะรอบที่เปิดอยู่',
    csv: 'ดาวน์โหลด CSV',
    xlsx: 'ดาวน์โหลด Excel (XLSX)',
    pages: 'หน้า',
    previous: 'ก่อนหน้า',
    next: 'ถัดไป',
    pageOf: 'หน้า {page} จาก {pages}',
    olderVersion: 'ต่อร่างฉบับก่อน',
    thisVersion: 'ต่อร่างฉบับนี้',
    onBehalf: 'บันทึกแทน',
    cells: {
      outstanding: 'รอท่าที: ยังไม่แจ้ง',
      none: 'ไม่มีท่าที (ยังไม่เปิดรอบ หรือรอบปิดโดยไม่ได้แจ้ง)',
      not_in_electorate: 'ไม่ได้เป็นผู้มีสิทธิ์ในรอบนี้',
    },
    short: {
      endorse: 'รับรอง',
      endorse_with_reservation: 'มีข้อสงวน',
      object: 'คัดค้าน',
      clearance_pending: 'รอพิจารณา',
      outstanding: 'รอท่าที',
      none: '—',
      not_in_electorate: 'ไม่มีสิทธิ์',
    },
    inbox: 'งานที่รอ',
    myInbox: 'งานที่รอของฉัน',
    inboxTitle: 'รอ {member}',
    inboxIntro: 'ทุกเรื่องที่รอสมาชิกนี้ในถ้อยแถลงทั้งหมด เรียงตามกำหนดเวลาที่ใกล้ที่สุด',
    inboxEmpty: 'ไม่มีเรื่องที่รอสมาชิกนี้',
    member: 'สมาชิก',
    awaiting: 'รอ',
    lastAnswer: 'ท่าทีล่าสุด',
    noAnswer: 'ยังไม่แจ้งท่าที',
    reasons: {
      position_due: 'ต้องแจ้งท่าที',
      clearance_pending: 'อยู่ระหว่างการพิจารณาภายในประเทศ',
      objection_standing: 'ยังคัดค้านอยู่',
      chair_decision: 'รอประธานตัดสินใจ',
    },
  },
  proposals: {
    section: 'ข้อเสนอแก้ไขถ้อยคำ',
    intro:
      'สมาชิกเสนอถ้อยคำสำหรับย่อหน้าได้โดยไม่ขัดขวางรอบการขอฉันทามติ ประธานจะรับหรือไม่รับแต่ละข้อเสนอเมื่อจัดทำร่างฉบับใหม่ หากต้องการขัดขวาง สมาชิกต้องคัดค้าน',
    none: 'ยังไม่มีสมาชิกเสนอแก้ไขถ้อยคำ',
    paragraph: 'ย่อหน้า',
    paragraphN: 'ย่อหน้าที่ {n}',
    unplaced: 'ข้อเสนอต่อย่อหน้าที่ถูกลบไปแล้ว',
    madeOn: 'ต่อย่อหน้าที่ {p} ของฉบับที่ {v}',
    by: 'โดย {name} ({role})',
    byOnBehalf: 'โดย {name} ({role}) ในนามของสมาชิก',
    reason: 'เหตุผล: {reason}',
    rationaleIs: 'เหตุผลของข้อเสนอ: {text}',
    states: {
      open: 'รอพิจารณา',
      accepted: 'รับในฉบับที่ {n}',
      rejected: 'ไม่รับในฉบับที่ {n}',
      withdrawn: 'ถอนแล้ว',
    },
    withdraw: 'ถอนข้อเสนอนี้',
    withdrawn: 'ถอนข้อเสนอแล้ว',
    formTitle: 'เสนอแก้ไขถ้อยคำ (ฉบับที่ {v})',
    formHint: 'ระบุย่อหน้าทั้งย่อหน้าตามที่ท่านเสนอ ระบบจะแสดงความแตกต่างทีละคำ',
    text: 'ถ้อยคำที่เสนอ',
    rationale: 'เหตุผล (ไม่บังคับ)',
    submit: 'เสนอ',
    textRequired: 'โปรดระบุถ้อยคำที่ท่านเสนอ',
    made: 'บันทึกข้อเสนอของท่านแล้ว ข้อเสนอนี้ไม่ขัดขวางรอบการขอฉันทามติ',
    decide: '{member} ย่อหน้าที่ {p} ของฉบับที่ {v}: “{text}”',
    leaveOpen: 'ยังไม่พิจารณา',
    accept: 'รับ (นำไปใช้ในร่างนี้)',
    reject: 'ไม่รับ',
    rejectReason: 'เหตุผลที่ไม่รับ',
  },
};

const DICTIONARIES = { en: EN, th: TH };
const LOCALES = { en: 'en-GB', th: 'th-TH' };
const LANGUAGE_KEY = 'adref.language';

let language = 'en';
const members = new Map();

export const languages = () => Object.keys(DICTIONARIES);
export const currentLanguage = () => language;
export const locale = () => LOCALES[language];

/** The reader's own choice, if they made one on this device. */
export const chosenLanguage = () => window.localStorage.getItem(LANGUAGE_KEY);

export function setLanguage(code, remember = false) {
  language = DICTIONARIES[code] ? code : 'en';
  document.documentElement.lang = language;
  if (remember) window.localStorage.setItem(LANGUAGE_KEY, language);
}

function lookup(path) {
  const find = (dictionary) =>
    path.split('.').reduce((node, key) => (node == null ? undefined : node[key]), dictionary);
  return find(DICTIONARIES[language]) ?? find(EN);
}

/** The text for a key, with {placeholders} filled in. */
export function t(key, params = {}) {
  const text = lookup(key);
  if (typeof text !== 'string') return key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : ''));
}

/** A name from a group (states, positions, events, roles), or the API's own word. */
export function term(group, name) {
  const text = lookup(`${group}.${name}`);
  return typeof text === 'string' ? text : String(name).replace(/_/g, ' ');
}

export function setMembers(list) {
  for (const member of list) members.set(member.code, member);
}

export function memberName(code) {
  const member = members.get(code);
  if (!member) return code;
  return language === 'th' ? member.nameTh : member.nameEn;
}

/** The title in the reader's language: the Thai title when they chose Thai and there is one. */
export function titleOf(statement) {
  return language === 'th' && statement.titleTh ? statement.titleTh : statement.title;
}

export function otherTitleOf(statement) {
  if (!statement.titleTh) return null;
  return language === 'th' ? statement.title : statement.titleTh;
}

export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function offset(date) {
  const part = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'longOffset' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName');
  return part ? part.value.replace('GMT', 'UTC') || 'UTC' : '';
}

/** The browser's time zone with its UTC offset, e.g. Asia/Bangkok (UTC+07:00). */
export function zoneLabel(date = new Date()) {
  return `${timeZone()} (${offset(date)})`;
}

/** A date and time in the browser's zone, with the offset shown. */
export function dateTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  const text = new Intl.DateTimeFormat(locale(), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
  return `${text} ${offset(date)}`;
}

export function dateOnly(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(iso));
}

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** Time left until a deadline ("in 12 days"), or how long it is overdue. */
export function timeLeft(iso, now = Date.now()) {
  const delta = Date.parse(iso) - now;
  const distance = Math.abs(delta);
  const [unit, size] = UNITS.find(([, ms]) => distance >= ms) ?? UNITS[UNITS.length - 1];
  const amount = Math.max(1, Math.floor(distance / size));
  if (delta >= 0) {
    return {
      overdue: false,
      text: new Intl.RelativeTimeFormat(locale(), { numeric: 'always' }).format(amount, unit),
    };
  }
  const span = new Intl.NumberFormat(locale(), {
    style: 'unit',
    unit,
    unitDisplay: 'long',
  }).format(amount);
  return { overdue: true, text: t('overdueBy', { x: span }) };
}

/** The first characters of a sha256, enough to tell versions apart on screen. */
export const shortHash = (hash) => (hash ? `${hash.slice(0, 12)}…` : '');

/** The API's refusal in plain words: what it means, then the server's own explanation. */
export function errorText(error) {
  const status = error?.status ?? 500;
  const byCode = error?.code ? lookup(`errorCodes.${error.code}`) : undefined;
  const lead =
    typeof byCode === 'string'
      ? byCode
      : t(`errors.${status}`) !== `errors.${status}`
        ? t(`errors.${status}`)
        : t('errors.500');
  return {
    lead,
    detail: error?.message && status !== 0 ? t('serverSaid', { message: error.message }) : '',
  };
}
