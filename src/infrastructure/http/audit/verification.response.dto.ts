import { ApiProperty } from '@nestjs/swagger';

class EvidenceDto {
  @ApiProperty({ example: 'call-0b9c…' }) stream!: string;
  @ApiProperty({ example: 1, description: 'Stream version of the event.' }) version!: number;
  @ApiProperty({ example: '7412/3' }) globalPosition!: string;
  @ApiProperty({ example: 'CallAttempted' }) type!: string;
  @ApiProperty({ format: 'date-time', description: "The writer's clock when it decided." }) recordedAt!: string;
}

class ViolationDto {
  @ApiProperty({ example: 'cap' }) check!: string;
  @ApiProperty({ example: 1, description: 'The invariant of DESIGN §6.' }) invariant!: number;
  @ApiProperty({ type: String, nullable: true }) campaignId!: string | null;
  @ApiProperty({ example: '3 calls in flight with the cap at 2' }) message!: string;
  @ApiProperty({ type: [EvidenceDto], description: 'The events that show it.' }) evidence!: EvidenceDto[];
}

class CheckResultDto {
  @ApiProperty({ example: 'cap' }) id!: string;
  @ApiProperty({ example: 1 }) invariant!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 0 }) violations!: number;
}

export class VerificationResponseDto {
  @ApiProperty({ description: 'Every invariant holds.' }) ok!: boolean;
  @ApiProperty({ description: 'Events read (the whole log up to `logHead`).' }) events!: number;
  @ApiProperty({ type: [String] }) campaigns!: string[];
  @ApiProperty({ type: [String] }) unknownCampaigns!: string[];
  @ApiProperty({ type: String, nullable: true, example: '7412/3', description: 'The last event verified.' }) logHead!: string | null;
  @ApiProperty({ example: '2026-11-29.1' }) ruleSetVersion!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'FREQUENCY_CAP and the decision lag allowed.' }) options!: Record<string, unknown>;
  @ApiProperty({ type: [CheckResultDto] }) checks!: CheckResultDto[];
  @ApiProperty({ type: [ViolationDto] }) violations!: ViolationDto[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: "Each campaign's stats as recounted from the log." })
  recounts!: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'What could not be checked, and why.' }) notes!: string[];
}

export class CallExplanationResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '`callId`, `campaignId`, `phoneNumber` and `steps`: each attempt (why: campaign window, slot and cap, retry due time, recipient zones, local times, rules with citations, rule set; outcome), wait and skip.',
  })
  explanation!: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'The same in words, a line per step.' }) text!: string[];
}
