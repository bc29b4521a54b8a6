import type { Knex } from 'knex';
import type { Registry } from 'prom-client';

/** The projections this process knows: `readonly Projection[]`. */
export const PROJECTIONS = Symbol('Projections');

/** The PostgreSQL database the read models and checkpoints live in: a `Knex`. */
export const READ_MODELS_DB = Symbol('ReadModelsDb');
export type ReadModelsDb = Knex;

/** A LISTEN on one channel; never throws, so callers keep a poll fallback for when it is down. */
export type ChannelListener = Readonly<{ ensureStarted(): Promise<void>; close(): Promise<void> }>;
/** Opens a `ChannelListener` calling `onNotify` on each notification (and on a lost connection). */
export type ListenToChannel = (channel: string, onNotify: () => void) => ChannelListener;
export const LISTEN_TO_CHANNEL = Symbol('ListenToChannel');

/** The process's metrics registry, where the read side registers its lag gauges. */
export const METRICS_REGISTRY = Symbol('MetricsRegistry');
export type MetricsRegistry = Registry;
