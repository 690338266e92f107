// Replays the real 2024 case against a running adref (reference/sources/003): Brunei, chair of
// the 22nd ACCSM, drafts the Work-Life Balance statement; SOM reviews it; the 22nd ACCSM
// approves it in principle on 7 August 2024 and hands the chair to Cambodia; the final text
// goes out for ad-referendum endorsement; members answer by note verbale, which Cambodia's
// secretariat records; the tenth endorsement adopts it.
//
//   ADREF_ADMIN_TOKEN=<the app's admin token> npm run demo      (ADREF_URL, default http://localhost:3000)

const BASE = `${process.env.ADREF_URL ?? 'http://localhost:3000'}/api/v1`;
const ADMIN = process.env.ADREF_ADMIN_TOKEN;

const TITLE =
  'ASEAN Statement on Strengthening Government Strategies on Mental Health and Well-Being towards Achieving Work-Life Balance (WLB) in the Public Sector';
const TITLE_TH =
  'ถ้อยแถลงอาเซียนว่าด้วยการเสริมสร้างกลยุทธ์ด้านสุขภาพจิตและสุขภาวะเพื่อมุ่งสู่ความสมดุลระหว่างการทำงานและการใช้ชีวิตในภาครัฐ';
const DRAFT = `We, the Heads of Civil Service of the ASEAN Member States,
recognising that the mental health and well-being of public servants underpin effective public service,
resolve to strengthen government strategies that promote work-life balance in the public sector.`;
const FINAL = `${DRAFT}
We task the ACCSM to share good practices and report progress to the 23rd ACCSM.`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(token: string, method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as Json;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${answer.message}`);
  return answer;
}

const step = (text: string) => console.log(`• ${text}`);

/** Waits up to a minute for the app (it may still be starting) to answer /health. */
async function waitForApp(): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      if ((await fetch(`${BASE}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`no adref answers at ${BASE}/health: start it with npm start`);
}

async function main(): Promise<void> {
  if (!ADMIN) throw new Error('set ADREF_ADMIN_TOKEN to the token the app was started with');
  await waitForApp();
  const user = async (role: string, member: string) =>
    (
      await call(ADMIN, 'POST', '/users', {
        name: `${member} ${role} (demo)`,
        email: `${member.toLowerCase()}@demo.invalid`,
        role,
        member,
      })
    ).token as string;

  const brunei = await user('chair_secretariat', 'BRN');
  const cambodia = await user('chair_secretariat', 'KHM');

  let statement = await call(brunei, 'POST', '/statements', {
    framework: 'ACCSM',
    title: TITLE,
    titleTh: TITLE_TH,
    body: DRAFT,
    at: '2024-07-01T09:00:00+08:00',
  });
  const id = statement.id as string;
  step(`Brunei's secretariat drafts the statement (${id})`);

  await call(brunei, 'POST', `/statements/${id}/events`, {
    type: 'SUBMIT_TO_SOM',
    at: '2024-08-05T09:00:00+08:00',
  });
  step('22nd SOM-ACCSM reviews the draft (5 August 2024)');
  await call(brunei, 'POST', `/statements/${id}/events`, {
    type: 'APPROVE_IN_PRINCIPLE',
    meeting: '22nd ACCSM, Negara Brunei Darussalam',
    at: '2024-08-07T10:00:00+08:00',
  });
  step('22nd ACCSM approves it in principle (7 August 2024); Cambodia takes the chair');

  statement = await call(cambodia, 'PUT', `/statements/${id}/text`, {
    body: FINAL,
    note: 'Final text after the 22nd ACCSM',
    at: '2024-08-07T15:00:00+08:00',
  });
  step(`Cambodia's secretariat settles the final text: version ${statement.currentVersion.number}`);

  statement = await call(cambodia, 'POST', `/statements/${id}/events`, {
    type: 'OPEN_AD_REFERENDUM',
    deadline: '2024-09-06T17:00:00+07:00',
    silenceRule: 'explicit',
    at: '2024-08-07T16:00:00+08:00',
  });
  const electorate: string[] = statement.round.electorate;
  step(
    `Ad-referendum round opens: ${electorate.length} electors (${electorate.join(', ')}); Timor-Leste observes`,
  );

  for (const [index, member] of electorate.entries()) {
    const day = String(12 + index * 2).padStart(2, '0');
    statement = await call(cambodia, 'POST', `/statements/${id}/positions`, {
      member,
      position: 'endorse',
      versionHash: statement.currentVersion.hash,
      reference: `Note verbale ${member}/ACCSM/2024/${index + 1}`,
      at: `2024-08-${day}T10:00:00+07:00`,
    });
    const { endorsed, electorate: total } = statement.round.tally;
    step(`${member} endorses (note verbale, 2024-08-${day}): ${endorsed}/${total}`);
  }

  const history = await call(cambodia, 'GET', `/statements/${id}/history`);
  console.log(
    `\nState: ${statement.state}, adopted on ${statement.adoption?.date} by ${statement.adoption?.basis}`,
  );
  console.log(
    `Adopted text: version ${statement.currentVersion.number}, sha256 ${statement.currentVersion.hash}`,
  );
  console.log(
    `Audit trail: ${history.events.length} events, hash chain ${history.chain.valid ? 'intact' : 'BROKEN'}`,
  );
  console.log(`See it: GET ${BASE}/statements/${id}`);
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
