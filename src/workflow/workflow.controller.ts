import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { describeMachine } from '../../workflows/describe.util';
import { Public } from '../auth/auth.decorators';
import { CURRENT_STATEMENT_MACHINE_VERSION, statementMachineVersion } from './machine-registry';

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowController {
  /** The statement lifecycle: states, events and a Mermaid diagram, from the machine itself. */
  @Public()
  @Get('statement')
  statement() {
    return {
      version: CURRENT_STATEMENT_MACHINE_VERSION,
      ...describeMachine(statementMachineVersion(CURRENT_STATEMENT_MACHINE_VERSION)),
    };
  }
}
