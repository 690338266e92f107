import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ChairTermsService } from '../reference/chair-terms.service';
import { dayOf } from '../reference/reference-day.util';
import { ChairHandoverRepository } from './chair-handover.repository';

/** A chair term that began within this many days and was never announced is announced now. */
const HANDOVER_LOOKBACK_DAYS = 7;

/** Tells the chairs when a framework changes hands, and which statements pass with it. */
@Injectable()
export class ChairHandoverService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ChairHandoverRepository,
    private readonly chairTerms: ChairTermsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes one chair_handover notification for each chair term that has begun (within the
   * last week) and was not announced yet, and for each framework following its chair, listing
   * the statements that pass to the new chair; returns how many it wrote.
   */
  announce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await this.repository.lock(manager);
      const now = this.clock.now();
      const since = dayOf(new Date(now.getTime() - HANDOVER_LOOKBACK_DAYS * 86_400_000));
      const terms = await this.repository.unannouncedTerms(manager, since, dayOf(now));
      let announced = 0;
      for (const term of terms) {
        const outgoing = await this.repository.previousChair(
          manager,
          term.framework,
          term.validFrom,
        );
        // Frameworks whose chair follows this one's (ACCSM+3) change hands with it.
        const followers = await this.chairTerms.followersOf(term.framework, manager);
        for (const framework of [term.framework, ...followers]) {
          const inFlight = await this.repository.inFlight(manager, framework);
          await this.repository.addNotice(
            manager,
            { termId: term.id, framework, incoming: term.chair, outgoing, inFlight },
            now,
          );
          announced += 1;
        }
      }
      return announced;
    });
  }
}
