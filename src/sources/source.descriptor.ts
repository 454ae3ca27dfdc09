import type { z } from 'zod';
import type { SourceName } from '../domain/item.js';
import type { Logger } from '../observability/logger.js';
import type { SourceHttpDeps } from './shared/source-http.js';
import type { Source } from './source.port.js';

/** An environment variable that sets a key of the source's config slice (`sources.<name>.<key>`). */
export interface SourceEnvBinding {
  name: string;
  key: string;
  /** A secret: masked by `config check`, never logged. */
  secret?: boolean;
}

/** What the composition root hands every source factory. */
export interface SourceBuildDeps extends SourceHttpDeps {
  log: Logger;
}

/**
 * Everything the rest of the program knows about one source: its name, its config slice (under
 * `sources.<name>`), the environment variables that feed the slice, when it counts as configured,
 * and how to build it. `registry.ts` lists the descriptors; the config schema, the env bindings,
 * the health list and the CLI's source hints are derived from that list.
 */
export interface SourceDescriptor<N extends SourceName = SourceName, S extends z.ZodType = z.ZodType> {
  readonly name: N;
  readonly config: S;
  readonly env: readonly SourceEnvBinding[];
  /** Switched on and given something to watch (and any credential it cannot run without). */
  isConfigured(cfg: z.output<S>): boolean;
  /** Why a source that looks wanted is off anyway (logged as a warning at start-up), if it is. */
  offReason?(cfg: z.output<S>): string | undefined;
  create(cfg: z.output<S>, deps: SourceBuildDeps): Source;
}

/** A descriptor from its parts; `more` adds environment variables and an `offReason`. */
export const defineSource = <N extends SourceName, S extends z.ZodType>(
  name: N,
  config: S,
  create: (cfg: z.output<S>, deps: SourceBuildDeps) => Source,
  isConfigured: (cfg: z.output<S>) => boolean,
  more: Pick<SourceDescriptor<N, S>, 'offReason'> & { env?: readonly SourceEnvBinding[] } = {},
): SourceDescriptor<N, S> => ({ name, config, env: more.env ?? [], isConfigured, offReason: more.offReason, create });
