import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class ScheduleCallRequestDto {
  @ApiProperty({ example: '+14155550100', description: 'E.164; common separators are accepted and removed' })
  @IsString()
  phoneNumber!: string;
}

export class ScheduledCallResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['pending'] })
  status!: 'pending';
}
