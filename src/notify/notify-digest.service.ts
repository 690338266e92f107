import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import type { Language } from '../common/principal.entity';
import { appConfig, signInConfig } from '../config/app.config';
import { composeDigest } from './messages';
import type { DeliveryEntity } from './notify.entities';
import { NotifyRepository } from './notify.repository';

/**
 * The daily digest: emails held for readers who chose it (status `held`, due at 08:00 in their
 * capital) become one digest email per reader. In one transaction the digest and its delivery
 * are written and the held emails marked `digested`: a crash loses nothing and sends nothing
 * twice, and the digest then goes out through the ordinary delivery worker.
 */
@Injectable()
export class NotifyDigestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotifyRepository,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(signInConfig.KEY) private readonly links: ConfigType<typeof signInConfig>,
  ) {}

  /** Writes the digests due now; returns how many it wrote. */
  sendDue(limit = 50): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const held = await this.repository.claimDueHeld(manager, now, limit);
      const byReader = new Map<string, DeliveryEntity[]>();
      for (const delivery of held) {
        const key = delivery.principalId ?? delivery.target;
        byReader.set(key, [...(byReader.get(key) ?? []), delivery]);
      }
      const baseUrl = this.links.publicUrl ?? `http://localhost:${this.app.port}`;
      const timeZones = await this.repository.timeZones(manager);
      for (const items of byReader.values()) {
        const first = items[0];
        const person = first.principalId
          ? await this.repository.principal(manager, first.principalId)
          : null;
        const language = (person?.language ?? first.language) as Language;
        const timeZone = timeZones.get(person?.memberCode ?? '') ?? 'Asia/Jakarta';
        const composed = composeDigest(items, { language, timeZone, baseUrl }, now);
        const digestId = await this.repository.addDigest(manager, {
          payload: { principalId: first.principalId, deliveries: items.map((item) => item.id) },
          at: now,
          email: {
            channel: 'email',
            target: person?.email ?? first.target,
            principalId: first.principalId,
            subscriptionId: null,
            memberCode: first.memberCode,
            language,
            subject: composed.subject,
            body: composed.body,
            html: composed.html,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
          },
        });
        await this.repository.markDigested(
          manager,
          items.map((item) => item.id),
          digestId,
        );
      }
      return byReader.size;
    });
  }
}
