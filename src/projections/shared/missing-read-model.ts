/**
 * PostgreSQL's undefined_table: a read model's view before its first generation went live (an API
 * process started before any projector built it). Not a fault of the request, and not lasting.
 */
export const isMissingReadModel = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '42P01';

/** What `read` answers, or `absent` while the read model it queries has no live generation yet. */
export const unlessMissing = <T>(read: Promise<T>, absent: T): Promise<T> =>
  read.catch((error: unknown) => {
    if (isMissingReadModel(error)) return absent;
    throw error;
  });
