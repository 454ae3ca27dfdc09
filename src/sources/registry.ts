import type { z } from 'zod';
import type { SourceName } from '../domain/item.js';
import { arxivSource } from './arxiv/arxiv.source.js';
import { demoSource } from './demo/demo.source.js';
import { githubSource } from './github/github.source.js';
import { hackernewsSource } from './hackernews/hackernews.source.js';
import { redditSource } from './reddit/reddit.source.js';
import { rssSource } from './rss/rss.source.js';
import type { SourceBuildDeps, SourceDescriptor } from './source.descriptor.js';
import type { Source } from './source.port.js';
import { xSource } from './x/x.source.js';

/**
 * Every source, in the order `harvest sources`, `GET /sources`, the config schema and a fetch run
 * use. Adding a source is adding its descriptor here (docs/ARCHITECTURE.md, "Add a source").
 */
export const SOURCE_DESCRIPTORS = [xSource, redditSource, hackernewsSource, githubSource, arxivSource, rssSource, demoSource] as const;

type Described = (typeof SOURCE_DESCRIPTORS)[number];
export type DescribedSourceName = Described['name'];

/** Compile-time check: every name of the domain's closed list but `manual` has a descriptor. */
const everyNameDescribed: [Exclude<SourceName, 'manual' | DescribedSourceName>] extends [never] ? true : never = true;
void everyNameDescribed;

/** The names of the described sources (`harvest fetch --source` accepts these), in registry order. */
export const DESCRIBED_SOURCE_NAMES: readonly DescribedSourceName[] = SOURCE_DESCRIPTORS.map((d) => d.name);

/** The zod shape of `sources`: each descriptor's slice under its name, defaults applied when absent. */
export type SourcesConfigShape = { [D in Described as D['name']]: z.ZodPrefault<D['config']> };

export const sourcesConfigShape = (): SourcesConfigShape =>
  Object.fromEntries(SOURCE_DESCRIPTORS.map((d): [string, z.ZodType] => [d.name, (d.config as z.ZodType).prefault({})])) as SourcesConfigShape;

export type SourcesConfig = { [D in Described as D['name']]: z.output<D['config']> };

/** One descriptor's source when its slice says it is configured; its `offReason` is handed to `warn`. */
const buildOne = <S extends z.ZodType>(d: SourceDescriptor<SourceName, S>, slice: z.output<S>, deps: SourceBuildDeps): Source | undefined => {
  const why = d.offReason?.(slice);
  if (why !== undefined) deps.log.warn({ component: 'source', source: d.name }, why);
  return d.isConfigured(slice) ? d.create(slice, deps) : undefined;
};

/** The configured sources, in descriptor order (called by the composition root). */
export const buildSources = (cfg: SourcesConfig, deps: SourceBuildDeps): Source[] =>
  SOURCE_DESCRIPTORS.flatMap((d) => buildOne<z.ZodType>(d, cfg[d.name], deps) ?? []);
