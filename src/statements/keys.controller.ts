import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth.decorators';
import { ApiOp } from '../common/openapi.decorators';
import { PublishedKey, SigningService } from '../engine/signing.service';

class PublishedKeyDto implements PublishedKey {
  @ApiProperty({ example: '3f2a9c1d0b7e4a65' }) keyId: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty({ description: 'SPKI public key in PEM' }) publicKeyPem: string;
}

@ApiTags('integrity')
@Controller('keys')
export class KeysController {
  constructor(private readonly signing: SigningService) {}

  /** Every key that has signed audit events, old ones included, so that anyone can verify. */
  @Public()
  @Get()
  @ApiOp('listKeys', 'The public keys that signed audit events, old ones included', {
    public: true,
  })
  @ApiOkResponse({ type: [PublishedKeyDto] })
  keys(): Promise<PublishedKey[]> {
    return this.signing.publicKeys();
  }
}
