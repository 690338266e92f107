import { Injectable } from '@nestjs/common';
import { notFound } from '../common/adref.errors';
import { KeyRing } from './chain.util';
import { checkStatement } from './statement-check.util';
import type { StatementVerification } from './statement-check.util';
import { VerifyRepository } from './verify.repository';
import type { Problem, VerificationKey, VerifyReport, Witness } from './verify.types';

export interface VerifyOptions {
  /** Chain heads held outside adref; each is checked against its statement's chain. */
  witnesses?: Witness[];
  /** Trust only these keys (a copy of GET /keys kept elsewhere) instead of the database's. */
  trustedKeys?: VerificationKey[];
}

export type { StatementVerification };

/**
 * Checks a statement's stored record against its signed history: the chain's links, hashes and
 * signatures, then a replay of every event through the machine it ran on, which must give the
 * stored snapshot, rounds, positions and texts.
 */
@Injectable()
export class VerifyService {
  constructor(private readonly repository: VerifyRepository) {}

  async verify(statementId: string, options: VerifyOptions = {}): Promise<VerifyReport> {
    const stored = await this.repository.read(statementId);
    if (!stored) throw notFound('statement', statementId);
    const keys = await this.keyRing(options);
    const { valid, checkedEvents, problems } = checkStatement(
      stored,
      keys,
      options.witnesses ?? [],
    );
    return { valid, checkedEvents, problems };
  }

  /** One statement or all of them, and every statement a witness names. */
  async verifyAll(
    options: VerifyOptions & { statementId?: string } = {},
  ): Promise<StatementVerification[]> {
    const witnesses = options.witnesses ?? [];
    const ids = options.statementId ? [options.statementId] : await this.repository.statementIds();
    for (const witness of witnesses)
      if (!ids.includes(witness.statementId)) ids.push(witness.statementId);
    const keys = await this.keyRing(options);
    const results: StatementVerification[] = [];
    for (const id of ids) {
      const own = witnesses.filter((w) => w.statementId === id);
      const stored = await this.repository.read(id);
      results.push(stored ? checkStatement(stored, keys, own) : missingStatement(id, own));
    }
    return results;
  }

  private async keyRing(options: VerifyOptions): Promise<KeyRing> {
    return new KeyRing(options.trustedKeys ?? (await this.repository.publishedKeys()));
  }
}

function missingStatement(statementId: string, witnesses: Witness[]): StatementVerification {
  const problems: Problem[] = witnesses.map((w) => ({
    seq: w.seq,
    kind: 'missing_events',
    message: `the witness in ${w.source} holds event ${w.seq} of statement ${statementId}, which adref does not have`,
  }));
  if (problems.length === 0) {
    problems.push({ kind: 'missing_events', message: `adref has no statement ${statementId}` });
  }
  return { statementId, title: null, valid: false, checkedEvents: 0, problems };
}
