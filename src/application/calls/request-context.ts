/** Who asked and why, as the edge knows it; the handler adds `now` from the clock. */
export type RequestContext = Readonly<{ correlationId: string; causationId: string; actor: string }>;
