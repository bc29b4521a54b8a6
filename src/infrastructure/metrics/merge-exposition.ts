/** Prometheus text, one block per metric family (its `# HELP`, `# TYPE` and samples), by family name. */
const familiesOf = (text: string): Map<string, string> => {
  const families = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const help = /^# HELP (\S+)/.exec(line);
    if (help) families.set(help[1]!, (current = []));
    if (line !== '') current?.push(line);
  }
  return new Map([...families].map(([name, lines]) => [name, lines.join('\n')]));
};

/**
 * One scrape for two processes: the API's own families, with those the worker owns (`owned`: the
 * dialer, the provider's circuit, webhook delivery) and any the API lacks taken from the worker's.
 * Families both have (process, Node, HTTP, projections) stay the API's: summing them would count
 * the read models twice.
 */
export const mergeExposition = (api: string, worker: string, owned: readonly string[]): string => {
  const mine = familiesOf(api);
  const theirs = familiesOf(worker);
  const fromWorker = (name: string) => owned.some((prefix) => name.startsWith(prefix)) || !mine.has(name);
  const blocks = [...[...mine].map(([name, block]) => (fromWorker(name) ? theirs.get(name) : block)), ...[...theirs].filter(([name]) => !mine.has(name)).map(([, block]) => block)];
  return `${blocks.filter((block): block is string => block !== undefined).join('\n')}\n`;
};
