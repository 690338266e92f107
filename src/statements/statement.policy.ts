import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { forbidden } from '../common/adref.errors';
import { ChairTermsService } from '../reference/chair-terms.service';
import { dayOf } from '../reference/reference-day.util';

/**
 * Who may drive a statement: the secretariat of the member chairing its framework on the
 * day the act takes effect (so in-flight statements pass to the next chair at handover),
 * or an admin.
 */
@Injectable()
export class StatementPolicy {
  constructor(private readonly chairTerms: ChairTermsService) {}

  async chairsOn(
    principal: Principal,
    framework: string,
    at: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    if (principal.role === 'admin') return true;
    if (principal.role !== 'chair_secretariat' || !principal.memberCode) return false;
    const terms = await this.chairTerms.chairTermsOn(framework, dayOf(at), manager);
    return terms.some((term) => term.chairCode === principal.memberCode);
  }

  async assertChair(
    principal: Principal,
    framework: string,
    at: Date,
    manager?: EntityManager,
  ): Promise<void> {
    if (await this.chairsOn(principal, framework, at, manager)) return;
    if (principal.role !== 'chair_secretariat') {
      throw forbidden(
        `only the secretariat of the ${framework} chair may do this; you are ${principal.role}`,
      );
    }
    const day = dayOf(at);
    const chairs = (await this.chairTerms.chairTermsOn(framework, day, manager)).map(
      (t) => t.chairCode,
    );
    throw forbidden(
      `${principal.memberCode} does not chair ${framework} on ${day}` +
        (chairs.length
          ? `; the chair is ${chairs.join(' and ')}`
          : '; no chair is recorded for that day'),
    );
  }
}
