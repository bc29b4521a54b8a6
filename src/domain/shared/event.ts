/** A domain event as deciders see it: a permanent type name and a JSON payload. */
export type DomainEvent<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** Every id and instant a decider needs comes in from the edge (STYLE §2). */
export type Instant = string; // ISO-8601 UTC, e.g. 2026-11-24T14:00:00.000Z
