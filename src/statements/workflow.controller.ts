import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { describeMachine } from '../../workflows/describe.util';
import { SNAPSHOT_MIGRATIONS } from '../../workflows/statement/snapshot-migration.util';
import { Public } from '../common/auth.decorators';
import { ApiOp } from '../common/openapi.decorators';
import { MachineDescriptionDto } from './dto/machine-description.dto';
import {
  CURRENT_STATEMENT_MACHINE_VERSION,
  STATEMENT_MACHINE_VERSIONS,
  statementMachineVersion,
} from '../engine/machine-registry';

const migrationTo = (version: number) => {
  const migration = SNAPSHOT_MIGRATIONS.find((candidate) => candidate.to === version);
  return migration
    ? { from: migration.from, to: migration.to, description: migration.description }
    : null;
};

const describeVersion = (version: number) => ({
  version,
  ...describeMachine(statementMachineVersion(version)),
  migration: migrationTo(version),
});

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowController {
  /** The statement lifecycle (states, events, a Mermaid diagram), from the machines themselves. */
  @Public()
  @Get('statement')
  @ApiOp('describeStatementWorkflow', 'The statement lifecycle: states, events, Mermaid diagram', {
    public: true,
  })
  @ApiOkResponse({ type: MachineDescriptionDto })
  statement() {
    return {
      ...describeVersion(CURRENT_STATEMENT_MACHINE_VERSION),
      versions: STATEMENT_MACHINE_VERSIONS.map(describeVersion),
    };
  }
}
