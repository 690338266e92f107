import { OutboxMessageEntity } from '../../src/engine/engine.entities';
import { OutboxRepository } from '../../src/engine/outbox.repository';
import { factoriesFor } from '../support/factories';
import { useServiceTier } from '../support/service-tier';

describe(OutboxRepository.name, () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);
  const messagesOf = (statementId: string) =>
    tier.dataSource.manager.find(OutboxMessageEntity, {
      where: { statementId },
      order: { seq: 'ASC' },
    });

  it('add writes a message waiting for expansion, in the order messages were added', async () => {
    const built = await factories.statementIn('drafting');
    const sut = tier.get(OutboxRepository);
    const createdAt = tier.clock.now();

    await tier.dataSource.transaction(async (manager) => {
      await sut.add(manager, {
        statementId: built.id,
        kind: 'reminder',
        payload: { n: 1 },
        createdAt,
      });
      await sut.add(manager, {
        statementId: built.id,
        kind: 'revised',
        payload: { n: 2 },
        createdAt,
      });
    });

    const messages = await messagesOf(built.id);
    expect(messages.map((m) => [m.kind, m.payload, m.expandedAt])).toEqual([
      ['reminder', { n: 1 }, null],
      ['revised', { n: 2 }, null],
    ]);
    expect(messages.map((m) => m.createdAt)).toEqual([createdAt, createdAt]);
    // created_at ties; seq keeps the order they were written in.
    expect(BigInt(messages[1].seq)).toBeGreaterThan(BigInt(messages[0].seq));
  });

  it('a message added in a transaction that rolls back is not there', async () => {
    const built = await factories.statementIn('drafting');
    const sut = tier.get(OutboxRepository);

    await expect(
      tier.dataSource.transaction(async (manager) => {
        await sut.add(manager, {
          statementId: built.id,
          kind: 'withdrawn',
          payload: {},
          createdAt: tier.clock.now(),
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    expect(await messagesOf(built.id)).toEqual([]);
  });

  it('the engine writes a message for each notification a transition raises', async () => {
    const built = await factories.statementIn('ad_referendum.collecting', { electorate: ['THA'] });
    expect((await messagesOf(built.id)).map((m) => m.kind)).toEqual(['round_opened']);

    await factories.act(
      built,
      { type: 'WITHDRAW', at: factories.at(), reason: 'Overtaken' },
      built.chair,
    );

    const messages = await messagesOf(built.id);
    expect(messages.map((m) => m.kind)).toEqual(['round_opened', 'withdrawn']);
    expect(messages[1].payload).toMatchObject({
      state: 'withdrawn',
      withdrawal: { reason: 'Overtaken' },
      round: { outcome: 'withdrawn' },
    });
  });
});
