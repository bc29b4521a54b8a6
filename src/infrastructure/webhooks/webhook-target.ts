import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promises as dns } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guard: a webhook may only reach public unicast addresses — not loopback, private, link-local
 * (cloud metadata), carrier-grade NAT, multicast or reserved ranges — unless private targets are
 * allowed (tests, or an install whose receivers live on its own network).
 */
export class WebhookTargetRefused extends Error {
  override readonly name = 'WebhookTargetRefused';
}

const isPublic = (address: string): boolean => ipaddr.process(address).range() === 'unicast';

const refuseUnlessPublic = (host: string, addresses: readonly string[]): void => {
  const refused = addresses.filter((a) => !isPublic(a));
  if (addresses.length === 0) throw new WebhookTargetRefused(`${host} does not resolve`);
  if (refused.length > 0) throw new WebhookTargetRefused(`${host} resolves to a non-public address (${refused.join(', ')})`);
};

const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** At subscription time: every address the name resolves to must be public. */
export const checkWebhookTarget = async (url: URL, allowPrivate: boolean): Promise<void> => {
  if (allowPrivate) return;
  const host = hostOf(url);
  if (isIP(host)) return refuseUnlessPublic(host, [host]);
  const resolved = await dns.lookup(host, { all: true }).catch(() => [] as LookupAddress[]);
  refuseUnlessPublic(host, resolved.map((r) => r.address));
};

/**
 * At delivery time the check runs inside the socket's own lookup, on the addresses it then connects
 * to: a name re-pointed at 127.0.0.1 after the subscription was checked (DNS rebinding) is refused.
 */
export const guardedLookup = (allowPrivate: boolean): LookupFunction | undefined =>
  allowPrivate
    ? undefined
    : (hostname, options, callback) =>
        dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
          if (error) return callback(error, '', 0);
          const list = addresses as LookupAddress[];
          try {
            refuseUnlessPublic(hostname, list.map((a) => a.address));
          } catch (refused) {
            return callback(refused as NodeJS.ErrnoException, '', 0);
          }
          if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
          callback(null, list[0]!.address, list[0]!.family);
        });
