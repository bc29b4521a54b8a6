import { SingleBar } from 'cli-progress';

export type Progress = Readonly<{ update(events: number): void; stop(): void }>;

/** A bar with rate and ETA on a terminal; nothing otherwise (the result is the output). */
export function progressBar(label: string, total: number | null): Progress {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  const format =
    total === null
      ? `${label} {value} events | {rate} events/s | {duration_formatted}`
      : `${label} [{bar}] {value}/{total} events | {rate} events/s | ETA {eta_formatted}`;
  const bar = new SingleBar({ format, stream: process.stderr, etaBuffer: 50, hideCursor: true });
  bar.start(total ?? 0, 0, { rate: 0 });
  return {
    update: (events) => {
      if (total !== null && events > bar.getTotal()) bar.setTotal(events);
      bar.update(events, { rate: Math.round(events / Math.max(0.001, (Date.now() - started) / 1000)) });
    },
    stop: () => bar.stop(),
  };
}
