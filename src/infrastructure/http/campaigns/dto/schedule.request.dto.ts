import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsString } from 'class-validator';
import { WEEKDAYS, type Weekday } from '../../../../domain/calendar/schedule.js';
import { Nested } from '../../shared/nested.decorator.js';
import { Optional } from '../../shared/optional.decorator.js';

/** Types here; zone, time format, window shape and date format are the domain's rules (400 with details). */
export class TimeWindowDto {
  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsArray()
  @IsIn(WEEKDAYS, { each: true })
  days!: Weekday[];

  @ApiProperty({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', example: '09:00', description: 'Local time HH:mm.' })
  @IsString()
  start!: string;

  @ApiProperty({
    pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$',
    example: '17:30',
    description: 'Local time HH:mm, or 24:00 for the following midnight; before `start` means the window runs past midnight.',
  })
  @IsString()
  end!: string;
}

export class ScheduleDto {
  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone the windows are in.' })
  @IsString()
  timezone!: string;

  @ApiProperty({ type: [TimeWindowDto] })
  @IsArray()
  @Nested(() => TimeWindowDto, { each: true })
  windows!: TimeWindowDto[];

  @ApiPropertyOptional({
    type: [String],
    example: ['2026-12-25'],
    description: 'Local dates yyyy-MM-dd on which no window opens. Default [].',
  })
  @Optional()
  @IsArray()
  @IsString({ each: true })
  blackoutDates?: string[];
}

/** For PATCH: any part of the schedule; the rest is kept. */
export class SchedulePatchDto {
  @ApiPropertyOptional({ example: 'Europe/London' })
  @Optional()
  @IsString()
  timezone?: string;

  @ApiPropertyOptional({ type: [TimeWindowDto], description: 'Replaces every window.' })
  @Optional()
  @IsArray()
  @Nested(() => TimeWindowDto, { each: true })
  windows?: TimeWindowDto[];

  @ApiPropertyOptional({ type: [String], example: ['2026-12-25'], description: 'Replaces every blackout date.' })
  @Optional()
  @IsArray()
  @IsString({ each: true })
  blackoutDates?: string[];
}
