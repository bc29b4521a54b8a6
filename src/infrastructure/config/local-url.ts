const ANY_ADDRESS = new Set(['0.0.0.0', '::', '']);

/**
 * Where this process reaches its own server: loopback when it listens on every interface, else
 * the one address it listens on (bracketed when IPv6).
 */
export const localUrl = (host: string, port: number): string => {
  const reachable = ANY_ADDRESS.has(host) ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
};
