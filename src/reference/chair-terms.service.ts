import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AdrefError, AdrefErrorCode, notFound } from '../common/adref.errors';
import type { CreateChairTermDto, UpdateChairTermDto } from './dto/reference.dto';
import { ChairTermEntity } from './reference.entities';
import { assertPeriod } from './reference-period.util';
import { ReferenceRepository } from './reference.repository';
import { ReferenceService } from './reference.service';

/** Who chairs a framework when: the chair terms, and frameworks whose chair follows another's. */
@Injectable()
export class ChairTermsService {
  constructor(
    private readonly repository: ReferenceRepository,
    private readonly reference: ReferenceService,
  ) {}

  /**
   * The framework whose chair terms say who chairs `frameworkCode`: the one it follows
   * (ACCSM+3 → ACCSM), or itself.
   */
  async chairFramework(frameworkCode: string, manager?: EntityManager): Promise<string> {
    let code = frameworkCode;
    // A few steps at most; the guard only stops a mistaken cycle in the data.
    for (let step = 0; step < 4; step += 1) {
      const framework = await this.repository.framework(code, manager);
      if (!framework?.chairFollows) return code;
      code = framework.chairFollows;
    }
    return code;
  }

  /** The chair terms in force on `date` (both, on a handover day), newest first. */
  async chairTermsOn(
    frameworkCode: string,
    date: string,
    manager?: EntityManager,
  ): Promise<ChairTermEntity[]> {
    const leading = await this.chairFramework(frameworkCode, manager);
    return this.repository.chairTermsOn(leading, date, manager);
  }

  /** The chair on `date`: on a handover day, the incoming one. */
  async chairOn(
    frameworkCode: string,
    date: string,
    manager?: EntityManager,
  ): Promise<ChairTermEntity | null> {
    const [term] = await this.chairTermsOn(frameworkCode, date, manager);
    return term ?? null;
  }

  /** Frameworks whose chair follows `frameworkCode`'s (ACCSM → ACCSM+3). */
  async followersOf(frameworkCode: string, manager?: EntityManager): Promise<string[]> {
    const frameworks = await this.repository.frameworks(manager);
    return frameworks.filter((f) => f.chairFollows === frameworkCode).map((f) => f.code);
  }

  chairTerms(framework?: string): Promise<ChairTermEntity[]> {
    return this.repository.chairTerms(framework);
  }

  async createChairTerm(dto: CreateChairTermDto): Promise<ChairTermEntity> {
    return this.saveChairTerm(new ChairTermEntity(), dto);
  }

  async updateChairTerm(id: string, dto: UpdateChairTermDto): Promise<ChairTermEntity> {
    const existing = await this.repository.findChairTerm(id);
    if (!existing) throw notFound('chair term', id);
    return this.saveChairTerm(existing, dto);
  }

  private async saveChairTerm(
    entity: ChairTermEntity,
    dto: UpdateChairTermDto,
  ): Promise<ChairTermEntity> {
    if (dto.framework !== undefined)
      entity.frameworkCode = (await this.reference.requireFramework(dto.framework)).code;
    await this.assertOwnChair(entity.frameworkCode);
    if (dto.chair !== undefined)
      entity.chairCode = (await this.reference.requireMember(dto.chair, 'chair')).code;
    if (dto.ordinal !== undefined) entity.ordinal = dto.ordinal;
    if (dto.validFrom !== undefined) entity.validFrom = dto.validFrom;
    if (dto.validTo !== undefined) entity.validTo = dto.validTo;
    if (dto.theme !== undefined) entity.theme = dto.theme;
    if (dto.secretariat !== undefined) entity.secretariat = dto.secretariat;
    if (dto.source !== undefined) entity.source = dto.source;
    entity.ordinal ??= null;
    entity.validTo ??= null;
    entity.theme ??= null;
    entity.secretariat ??= null;
    entity.source ??= null;
    assertPeriod(entity.validFrom, entity.validTo);
    // Terms may share their handover day, no more: two chairs at once would be ambiguous.
    const others = (await this.repository.chairTerms(entity.frameworkCode)).filter(
      (t) => t.id !== entity.id,
    );
    const clash = others.find((t) => overlapDays(t, entity) > 1);
    if (clash) {
      throw new AdrefError(
        AdrefErrorCode.CONFLICTING_DATA,
        `this term overlaps the ${clash.chairCode} term ${clash.validFrom}..${clash.validTo ?? 'open'} by more than a handover day; correct that term first`,
        { conflictingTerm: clash.id },
      );
    }
    return this.repository.save(entity);
  }

  /** A framework that follows another's chair keeps no terms: they would never be consulted. */
  private async assertOwnChair(frameworkCode: string): Promise<void> {
    const framework = await this.repository.framework(frameworkCode);
    if (!framework?.chairFollows) return;
    throw new AdrefError(
      AdrefErrorCode.CHAIR_FOLLOWS_FRAMEWORK,
      `the ${framework.code} chair follows the ${framework.chairFollows} chair; record the term for ${framework.chairFollows} instead`,
      { framework: framework.code, follows: framework.chairFollows },
    );
  }
}

const DAY = 86_400_000;

function overlapDays(a: ChairTermEntity, b: ChairTermEntity): number {
  const end = (t: ChairTermEntity) =>
    t.validTo ? Date.parse(t.validTo) : Number.POSITIVE_INFINITY;
  const start = Math.max(Date.parse(a.validFrom), Date.parse(b.validFrom));
  const finish = Math.min(end(a), end(b));
  return finish < start ? 0 : (finish - start) / DAY + 1;
}
