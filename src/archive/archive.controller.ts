import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { ApiErrors, ApiOp, ApiSignedIn } from '../common/openapi.decorators';
import { ArchiveService } from './archive.service';
import { ArchiveQueryDto } from './dto/archive.dto';

@ApiTags('archive')
@ApiSignedIn()
@Roles('admin')
@Controller('archive')
export class ArchiveController {
  constructor(private readonly archive: ArchiveService) {}

  @Get()
  @ApiOp('exportArchive', 'Everything of a framework in one signed zip, for the next chair', {
    description:
      'A zip, streamed: each statement (versions, rounds, positions, the signed audit events, the records of adoption as JSON, CSV and PDF), the framework, the public keys, and manifest.json (every file’s size and sha256) with manifest.sig, its Ed25519 signature. `npm run verify -- --archive FILE --key keys.json` checks it offline.',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description: 'The zip (Content-Disposition: attachment)',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors([400, 'No framework given'], [404, 'Unknown framework'])
  async export(@Query() query: ArchiveQueryDto): Promise<StreamableFile> {
    const { filename, stream } = await this.archive.open(query.framework);
    return new StreamableFile(stream, {
      type: 'application/zip',
      disposition: `attachment; filename="${filename}"`,
    });
  }
}
