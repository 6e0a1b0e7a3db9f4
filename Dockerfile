# syntax=docker/dockerfile:1

# ---- build: all dependencies, compile TypeScript to dist/, then drop the dev dependencies ----
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles its native addon when no prebuilt binary can be fetched (once, here).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev && npm cache clean --force

# ---- runtime: no compilers, no dev dependencies, not root ----------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATABASE_URL=sqlite:/app/data/mor.sqlite \
    LOG_LEVEL=log
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
# The API explorer's page (served only with API_EXPLORER=on).
COPY --chown=root:root public ./public
# The code stays root-owned and read-only to the app; only the data directory is writable.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# Ready: the database answers and every migration has run (GET /health/ready, 200; 503 otherwise).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/main.js"]
