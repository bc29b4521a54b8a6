import { ApiProperty } from '@nestjs/swagger';

class AuditMetadataDto {
  @ApiProperty() correlationId!: string;
  @ApiProperty({ description: 'The request, message or event that caused it.' }) causationId!: string;
  @ApiProperty({ example: 'api-key:3f2a9c1b7d0e' }) actor!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ example: 1, description: 'Shape of `data`, as recorded.' }) schemaVersion!: number;
}

class AuditEventResponseDto {
  @ApiProperty({ example: 'CampaignCreated' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The payload as recorded.' }) data!: unknown;
  @ApiProperty({ type: AuditMetadataDto }) metadata!: AuditMetadataDto;
  @ApiProperty({ example: 0, description: '0-based position in its stream.' }) streamVersion!: number;
  @ApiProperty({ example: '7412/3', description: 'Order across every stream (commit/prepare), as a string.' })
  globalPosition!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class AuditEventPageResponseDto {
  @ApiProperty({ type: [AuditEventResponseDto] }) items!: AuditEventResponseDto[];
  @ApiProperty({ type: String, nullable: true, example: '50' }) nextCursor!: string | null;
}
