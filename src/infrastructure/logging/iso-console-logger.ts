import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's console logger with ISO-8601 UTC timestamps: epoch milliseconds (its JSON default) and the
 * machine's locale (its text default) are unreadable by people and ambiguous across time zones.
 * JSON records are rewritten where they are serialised (colours off, compact: the service's setting).
 */
export class IsoConsoleLogger extends ConsoleLogger {
  protected override getTimestamp(): string {
    return new Date().toISOString();
  }

  protected override stringifyJsonLogObject(record: Record<string, unknown>): string {
    const { timestamp } = record;
    return super.stringifyJsonLogObject(typeof timestamp === 'number' ? { ...record, timestamp: new Date(timestamp).toISOString() } : record);
  }
}
