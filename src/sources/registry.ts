import type { Config } from '../config/schema.js';
import { createArxivSource } from './arxiv/arxiv.source.js';
import { isArxivConfigured } from './arxiv/arxiv.config.js';
import { createGithubSource } from './github/github.source.js';
import { isGithubConfigured } from './github/github.config.js';
import { createHackernewsSource } from './hackernews/hackernews.source.js';
import { isHackernewsConfigured } from './hackernews/hackernews.config.js';
import { createRedditSource } from './reddit/reddit.source.js';
import { isRedditConfigured } from './reddit/reddit.config.js';
import { createRssSource } from './rss/rss.source.js';
import { isRssConfigured } from './rss/rss.config.js';
import type { SourceHttpDeps } from './shared/source-http.js';
import type { Source } from './source.port.js';

/**
 * Reddit, Hacker News, GitHub, arXiv and RSS, in that order, each built only when configured and
 * switched on (called by the composition root; x and demo are built there).
 */
export const buildExtraSources = (cfg: Config['sources'], deps: SourceHttpDeps): Source[] => {
  const sources: Source[] = [];
  if (isRedditConfigured(cfg.reddit)) sources.push(createRedditSource(cfg.reddit, deps));
  if (isHackernewsConfigured(cfg.hackernews)) sources.push(createHackernewsSource(cfg.hackernews, deps));
  if (isGithubConfigured(cfg.github)) sources.push(createGithubSource(cfg.github, deps));
  if (isArxivConfigured(cfg.arxiv)) sources.push(createArxivSource(cfg.arxiv, deps));
  if (isRssConfigured(cfg.rss)) sources.push(createRssSource(cfg.rss, deps));
  return sources;
};
