import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { invalidInput } from '../common/adref.errors';
import { VerifyReportDto } from './dto/verify-report.dto';
import { VerifyService } from './verify.service';

function uuid(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => invalidInput('the statement id must be a UUID'),
  });
}

@ApiTags('integrity')
@ApiBearerAuth()
@Controller('statements')
export class VerifyController {
  constructor(private readonly verifier: VerifyService) {}

  @Get(':id/verify')
  @ApiOperation({
    summary:
      'Checks the signed history (links, hashes, signatures) and replays it: it must give the stored state, rounds, positions and texts',
  })
  @ApiOkResponse({ type: VerifyReportDto, description: 'Problems found, if any (valid: false)' })
  @ApiNotFoundResponse({ description: 'Unknown statement' })
  verify(@Param('id', uuid()) id: string): Promise<VerifyReportDto> {
    return this.verifier.verify(id);
  }
}
