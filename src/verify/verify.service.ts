import { Injectable } from '@nestjs/common';
import { AdrefError, notFound } from '../common/adref.errors';
import { statementMachineVersion } from '../engine/machine-registry';
import { MACHINE_MIGRATED } from '../engine/workflow.runtime';
import { checkChain, KeyRing } from './chain.util';
import { comparePositions, compareRounds, compareSnapshot, compareVersions } from './compare.util';
import { replay } from './replay.util';
import { compareDocuments } from './documents.util';
import { VerifyRepository } from './verify.repository';
import type {
  Problem,
  StoredStatement,
  VerificationKey,
  VerifyReport,
  Witness,
} from './verify.types';
import { checkWitness } from './witness.util';

export interface VerifyOptions {
  /** Chain heads held outside adref; each is checked against its statement's chain. */
  witnesses?: Witness[];
  /** Trust only these keys (a copy of GET /keys kept elsewhere) instead of the database's. */
  trustedKeys?: VerificationKey[];
}

export interface StatementVerification extends VerifyReport {
  statementId: string;
  /** Null when a witness names a statement adref does not have. */
  title: string | null;
}

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
    const { valid, checkedEvents, problems } = this.check(stored, keys, options.witnesses ?? []);
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
      results.push(stored ? this.check(stored, keys, own) : missingStatement(id, own));
    }
    return results;
  }

  private async keyRing(options: VerifyOptions): Promise<KeyRing> {
    return new KeyRing(options.trustedKeys ?? (await this.repository.publishedKeys()));
  }

  private check(
    stored: StoredStatement,
    keys: KeyRing,
    witnesses: Witness[],
  ): StatementVerification {
    const problems: Problem[] = [...checkChain(stored.events, keys)];
    const startVersion = startVersionOf(stored);
    const machine = machineOf(startVersion, problems);
    if (machine) {
      const replayed = replay(machine, stored.events, { version: startVersion });
      problems.push(...replayed.problems);
      if (replayed.complete && replayed.machineVersion !== stored.machineVersion) {
        problems.push({
          kind: 'replay_mismatch',
          message: `the statement is stored on procedure version ${stored.machineVersion}, its chain ends on version ${replayed.machineVersion}`,
        });
      }
      // A replay that stopped early would only repeat its own problem in every comparison.
      if (replayed.complete) {
        problems.push(
          ...compareSnapshot(replayed, stored),
          ...compareRounds(replayed.rounds, stored.rounds),
          ...comparePositions(replayed.positions, stored.positions),
        );
      }
      problems.push(...compareVersions(replayed, stored));
    }
    if (stored.documents) problems.push(...compareDocuments(stored.events, stored.documents));
    for (const witness of witnesses) problems.push(...checkWitness(witness, stored.events, keys));
    return {
      statementId: stored.id,
      title: stored.title,
      valid: problems.length === 0,
      checkedEvents: stored.events.length,
      problems,
    };
  }
}

/** The version a statement started on: the first migration's `from`, or the one it is on. */
function startVersionOf(stored: StoredStatement): number {
  const migration = stored.events.find((event) => event.type === MACHINE_MIGRATED);
  const from = (migration?.payload as { from?: unknown } | undefined)?.from;
  return typeof from === 'number' ? from : stored.machineVersion;
}

function machineOf(version: number, problems: Problem[]) {
  try {
    return statementMachineVersion(version);
  } catch (error) {
    if (!(error instanceof AdrefError)) throw error;
    problems.push({ kind: 'replay_refused', message: error.message });
    return null;
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
