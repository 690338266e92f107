import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOp, ApiSignedIn } from '../common/openapi.decorators';
import { invalidInput } from '../common/adref.errors';
import { VerifyReportDto } from './dto/verify-report.dto';
import { VerifyService } from './verify.service';

function uuid(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => invalidInput('the statement id must be a UUID'),
  });
}

@ApiTags('integrity')
@ApiSignedIn()
@Controller('statements')
export class VerifyController {
  constructor(private readonly verifier: VerifyService) {}

  @Get(':id/verify')
  @ApiOp('verifyStatement', 'Checks the signed history and replays it', {
    description:
      'Checks the signed history (links, hashes, signatures) and replays it: it must give the stored state, rounds, positions and texts.',
  })
  @ApiOkResponse({ type: VerifyReportDto, description: 'Problems found, if any (valid: false)' })
  @ApiErrors([400, 'The statement id is not a UUID'], [404, 'Unknown statement'])
  verify(@Param('id', uuid()) id: string): Promise<VerifyReportDto> {
    return this.verifier.verify(id);
  }
}
