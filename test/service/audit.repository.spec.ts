import { verify } from 'node:crypto';
import {
  AuditRepository,
  auditHash,
  chainHeadOf,
  firstBrokenLink,
  NewAuditEvent,
} from '../../src/engine/audit.repository';
import { SigningService } from '../../src/engine/signing.service';
import { factoriesFor } from '../support/factories';
import { useServiceTier } from '../support/service-tier';

describe(AuditRepository.name, () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);
  let sut: AuditRepository;
  beforeEach(() => {
    sut = tier.get(AuditRepository);
  });
  const manager = () => tier.dataSource.manager;

  const note = (statementId: string, textHash: string, text: string): NewAuditEvent => {
    const now = tier.clock.now();
    return {
      statementId,
      type: 'NOTE',
      actorId: null,
      actorLabel: 'a test',
      at: now,
      recordedAt: now,
      textHash,
      stateFrom: 'drafting',
      stateTo: 'drafting',
      payload: { text },
    };
  };

  it('append numbers the next event and chains it to the previous one, signed', async () => {
    const built = await factories.statementIn('som_review');
    const [created, submitted] = await sut.history(manager(), built.id);

    const appended = await tier.dataSource.transaction((m) =>
      sut.append(m, note(built.id, built.version.hash, 'first')),
    );

    expect(appended).toMatchObject({
      seq: 3,
      prevHash: submitted.hash,
      payload: { text: 'first' },
    });
    expect(appended.hash).toBe(auditHash(appended));
    const signing = tier.get(SigningService);
    expect(appended.keyId).toBe(signing.keyId);
    const signature = Buffer.from(appended.signature!, 'base64');
    expect(verify(null, Buffer.from(appended.hash), signing.publicKeyPem, signature)).toBe(true);
    // The chain starts with no predecessor and holds from CREATED on.
    expect(created).toMatchObject({ seq: 1, prevHash: null, type: 'CREATED' });
    const stored = await sut.history(manager(), built.id);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(stored[2]).toMatchObject({ id: appended.id, hash: appended.hash });
    expect(firstBrokenLink(stored)).toBeNull();
  });

  it('each statement has a chain of its own', async () => {
    const one = await factories.statementIn('drafting');
    const other = await factories.statementIn('drafting');

    const appended = await tier.dataSource.transaction((m) =>
      sut.append(m, note(one.id, one.version.hash, 'only for one')),
    );

    const [otherCreated] = await sut.history(manager(), other.id);
    expect(appended.seq).toBe(2);
    expect(appended.prevHash).not.toBe(otherCreated.hash);
    expect(await sut.history(manager(), other.id)).toHaveLength(1);
  });

  it('head is the signed last event; lastActAt its time; both absent for no events', async () => {
    const built = await factories.statementIn('approved_in_principle');
    const history = await sut.history(manager(), built.id);
    const last = history.at(-1)!;

    expect(await sut.head(manager(), built.id)).toEqual(chainHeadOf(last));
    expect(await sut.head(manager(), built.id)).toMatchObject({
      seq: 3,
      hash: last.hash,
      signature: last.signature,
    });
    expect(await sut.lastActAt(manager(), built.id)).toEqual(last.at);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await sut.head(manager(), unknown)).toBeNull();
    expect(await sut.lastActAt(manager(), unknown)).toBeNull();
  });

  it('the history is append-only: the database refuses to change or delete an event', async () => {
    const built = await factories.statementIn('som_review');

    await expect(
      tier.dataSource.query(
        `UPDATE audit_events SET actor_label = 'someone else' WHERE statement_id = $1`,
        [built.id],
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      tier.dataSource.query(`DELETE FROM audit_events WHERE statement_id = $1 AND seq = 2`, [
        built.id,
      ]),
    ).rejects.toThrow(/append-only/);
    expect((await sut.history(manager(), built.id)).map((e) => e.type)).toEqual([
      'CREATED',
      'SUBMIT_TO_SOM',
    ]);
  });

  it('firstBrokenLink names the event whose stored fields no longer match its hash', async () => {
    const built = await factories.statementIn('approved_in_principle');
    const history = await sut.history(manager(), built.id);

    history[1].actorLabel = 'someone else';

    expect(firstBrokenLink(history)).toBe(2);
  });
});
