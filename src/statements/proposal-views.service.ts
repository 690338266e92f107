import { Injectable } from '@nestjs/common';
import { diffWords } from 'diff';
import type { EntityManager } from 'typeorm';
import type { PrincipalEntity } from '../common/principal.entity';
import type { ConsolidatedProposalsView, ProposalView, ProposerView } from './dto/proposal.dto';
import { followParagraph, splitParagraphs } from './paragraphs.util';
import type { ParagraphMap } from './paragraphs.util';
import type { ProposalEntity } from './proposal.entity';
import { ProposalsRepository } from './proposals.repository';
import { StatementTextsService } from './statement-texts.service';
import { StatementsRepository } from './statements.repository';

interface VersionText {
  number: number;
  paragraphs: string[];
  paragraphMap: ParagraphMap | null;
}

/** The consolidated view: each paragraph of the current text with every proposal on it. */
@Injectable()
export class ProposalViewsService {
  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly statements: StatementsRepository,
    private readonly texts: StatementTextsService,
  ) {}

  async consolidated(id: string): Promise<ConsolidatedProposalsView> {
    const statement = await this.statements.find(id);
    const [versions, proposals] = await Promise.all([
      this.versionTexts(id),
      this.proposals.ofStatement(id),
    ]);
    const people = await this.people(proposals);
    const current = versions[versions.length - 1];
    const views = proposals.map((proposal) => viewOf(proposal, versions, people));
    return {
      statementId: id,
      version: { number: statement.currentVersion, hash: statement.currentHash },
      paragraphs: current.paragraphs.map((text, index) => ({
        number: index + 1,
        text,
        proposals: views.filter((view) => view.currentParagraph === index + 1),
      })),
      unplaced: views.filter((view) => view.currentParagraph === null),
    };
  }

  /** One proposal as the consolidated view shows it, read in the writing transaction. */
  async one(manager: EntityManager, id: string, proposal: ProposalEntity): Promise<ProposalView> {
    const [versions, people] = await Promise.all([
      this.versionTexts(id, manager),
      this.people([proposal], manager),
    ]);
    return viewOf(proposal, versions, people);
  }

  private async versionTexts(id: string, manager?: EntityManager): Promise<VersionText[]> {
    return (await this.texts.versionsWithMaps(id, manager)).map((version) => ({
      number: version.number,
      paragraphs: splitParagraphs(version.body),
      paragraphMap: version.paragraphMap,
    }));
  }

  private async people(
    proposals: ProposalEntity[],
    manager?: EntityManager,
  ): Promise<Map<string, ProposerView>> {
    const principals: PrincipalEntity[] = await this.proposals.people(
      proposals.map((p) => p.proposedBy),
      manager,
    );
    return new Map(
      principals.map((p) => [p.id, { id: p.id, name: p.name, role: p.role, member: p.memberCode }]),
    );
  }
}

function viewOf(
  proposal: ProposalEntity,
  versions: VersionText[],
  people: Map<string, ProposerView>,
): ProposalView {
  const later = versions
    .filter((v) => v.number > proposal.versionNumber)
    .map((v) => v.paragraphMap);
  const currentParagraph = followParagraph(proposal.paragraph, later);
  const current = versions[versions.length - 1];
  const madeOn = versions.find((v) => v.number === proposal.versionNumber);
  const base =
    currentParagraph !== null
      ? current.paragraphs[currentParagraph - 1]
      : (madeOn?.paragraphs[proposal.paragraph - 1] ?? '');
  return {
    id: proposal.id,
    member: proposal.memberCode,
    paragraph: proposal.paragraph,
    version: { number: proposal.versionNumber, hash: proposal.versionHash },
    currentParagraph,
    text: proposal.text,
    rationale: proposal.rationale,
    state: proposal.state,
    reason: proposal.reason,
    decidedInVersion: proposal.decidedInVersion,
    decidedAt: proposal.decidedAt ? new Date(proposal.decidedAt).toISOString() : null,
    proposedBy: people.get(proposal.proposedBy) ?? null,
    onBehalf: proposal.onBehalf,
    createdAt: new Date(proposal.createdAt).toISOString(),
    diff: diffWords(base ?? '', proposal.text).map((change) => ({
      type: change.added ? 'added' : change.removed ? 'removed' : 'unchanged',
      value: change.value,
    })),
  };
}
