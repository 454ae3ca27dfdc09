# syntax=docker/dockerfile:1.7
# Signal Harvester: API, CLI and pipeline in one image (docs/KUBERNETES_DEPLOYMENT.md).
# Build:  docker build -t signal-harvester:0.1.0 .
# Run:    docker run -p 8000:8000 -v harvest-data:/data signal-harvester:0.1.0
# The base is pinned to a Node 20 patch release on Debian bookworm, whose postgresql-client (15)
# gives `harvest backup` its pg_dump/pg_restore.
ARG NODE_IMAGE=node:20.19.5-bookworm-slim

# ---- build: install every dependency, compile TypeScript, build the dashboard if the repo has one
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 ships prebuilt binaries for Node 20 on linux/x64 and arm64; the toolchain is the
# fallback for other platforms.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dependencies first (cached while the lockfile is unchanged); only the native modules run scripts.
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && npm rebuild better-sqlite3 esbuild
COPY . .
RUN npm run build \
 && npm run build:web --if-present \
 && mkdir -p web/dist \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies and compiled output only, as a non-root user
FROM ${NODE_IMAGE} AS runtime
# NODE_OPTIONS: V8 grows the heap less eagerly (peak RSS under load; bench/server-flags.ts, which
# bench:api starts the server with, must stay equal — test/deploy/container.test.ts checks).
ENV NODE_ENV=production \
    NODE_OPTIONS=--optimize-for-size \
    HARVEST_DB_PATH=/data/harvest.db \
    HARVEST_BACKUP_DIR=/data/backups \
    LOG_FORMAT=json
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 harvest \
 && useradd --system --uid 10001 --gid harvest --home-dir /app --shell /usr/sbin/nologin harvest \
 && mkdir -p /data /app \
 && chown harvest:harvest /data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/config ./config
COPY --from=build /app/data ./data
COPY --from=build /app/web/dist ./web/dist
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8000/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/harvest.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
