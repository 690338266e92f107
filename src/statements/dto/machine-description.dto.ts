import { ApiProperty } from '@nestjs/swagger';

export class MachineStateView {
  @ApiProperty({ example: 'statement.ad_referendum' }) id: string;
  @ApiProperty({ example: 'ad_referendum.collecting' }) path: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() final: boolean;
  @ApiProperty({ type: String, nullable: true }) parent: string | null;
}

export class MachineTransitionView {
  @ApiProperty() from: string;
  @ApiProperty({ example: 'SUBMIT_TO_SOM' }) event: string;
  @ApiProperty({ type: [String] }) to: string[];
  @ApiProperty({ description: 'Taken only when its guard allows' }) guarded: boolean;
}

/** The explicit migration that moves a stored snapshot to a version from the one before. */
export class MachineMigrationView {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ description: 'What changed in the procedure' }) description: string;
}

/** One version of the statement lifecycle, read from the machine itself. */
export class MachineVersionView {
  @ApiProperty({ description: 'The machine version' }) version: number;
  @ApiProperty({ example: 'statement' }) id: string;
  @ApiProperty({ type: [MachineStateView] }) states: MachineStateView[];
  @ApiProperty({ type: [String] }) events: string[];
  @ApiProperty({ type: [MachineTransitionView] }) transitions: MachineTransitionView[];
  @ApiProperty({ description: 'A Mermaid stateDiagram-v2' }) mermaid: string;
  @ApiProperty({
    type: MachineMigrationView,
    nullable: true,
    description:
      'How statements on the version before move to this one (`npm run statements:migrate`); null for the first',
  })
  migration: MachineMigrationView | null;
}

/** The lifecycle new statements get, and every version stored statements may run on. */
export class MachineDescriptionDto extends MachineVersionView {
  @ApiProperty({
    type: [MachineVersionView],
    description: 'Every version this build can load, oldest first; `version` is the current one',
  })
  versions: MachineVersionView[];
}
