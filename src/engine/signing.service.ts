import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { integrityConfig } from '../config/app.config';
import { AuditEventEntity, SigningKeyEntity } from './engine.entities';

/** A public key as GET /keys publishes it. */
export interface PublishedKey {
  keyId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
}

const KEY_FILE = 'signing-key.pem';

/** The key's id: the first 16 hex digits of the sha256 of its public key (SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * adref's Ed25519 signing key: ADREF_SIGNING_KEY, or a key generated on first start in the
 * data folder (kept there), or an ephemeral one for an in-memory database. Every public key it
 * has used is stored, so that signatures made before a rotation still verify.
 */
@Injectable()
export class SigningService implements OnModuleInit {
  private readonly logger = new Logger(SigningService.name);
  private readonly privateKey: KeyObject;
  readonly keyId: string;
  readonly publicKeyPem: string;

  constructor(
    @Inject(integrityConfig.KEY) config: ConfigType<typeof integrityConfig>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.privateKey = loadPrivateKey(config.signingKeyPem, config.dataDir);
    if (this.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error('ADREF_SIGNING_KEY must be an Ed25519 key');
    }
    const publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(publicKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  async onModuleInit(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO signing_keys (key_id, algorithm, public_key_pem, created_at)
       VALUES ($1, 'Ed25519', $2, $3) ON CONFLICT (key_id) DO NOTHING`,
      [this.keyId, this.publicKeyPem, this.clock.now()],
    );
    await this.signUnsignedEvents();
  }

  /** Base64 Ed25519 signature of an audit hash (the hex string, as UTF-8 bytes). */
  sign(hash: string): string {
    return sign(null, Buffer.from(hash, 'utf8'), this.privateKey).toString('base64');
  }

  /** Ed25519 over the bytes themselves, e.g. an archive's manifest (`openssl pkeyutl -rawin`). */
  signBytes(data: Buffer): Buffer {
    return sign(null, data, this.privateKey);
  }

  async publicKeys(manager: EntityManager = this.dataSource.manager): Promise<PublishedKey[]> {
    const keys = await manager.find(SigningKeyEntity, { order: { createdAt: 'ASC' } });
    return keys.map((key) => ({
      keyId: key.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: key.publicKeyPem,
    }));
  }

  // Events written before adref signed its history get a signature once; the append-only
  // trigger allows exactly this change and nothing else.
  private async signUnsignedEvents(): Promise<void> {
    const pending = await this.dataSource.manager.find(AuditEventEntity, {
      where: { signature: IsNull() },
      select: { id: true, hash: true },
    });
    for (const event of pending) {
      await this.dataSource.query(
        `UPDATE audit_events SET key_id = $1, signature = $2 WHERE id = $3 AND signature IS NULL`,
        [this.keyId, this.sign(event.hash), event.id],
      );
    }
    if (pending.length) this.logger.log(`signed ${pending.length} earlier audit events`);
  }
}

function loadPrivateKey(pem: string | undefined, dataDir: string): KeyObject {
  if (pem) return createPrivateKey(pem.replace(/\\n/g, '\n'));
  if (dataDir.startsWith('memory://')) return generateKeyPairSync('ed25519').privateKey;
  const folder = resolve(dataDir);
  const file = join(folder, KEY_FILE);
  if (existsSync(file)) return createPrivateKey(readFileSync(file));
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(folder, { recursive: true });
  // 'wx' fails if another instance wrote the file first; then use that one.
  try {
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
    return privateKey;
  } catch {
    return createPrivateKey(readFileSync(file));
  }
}
