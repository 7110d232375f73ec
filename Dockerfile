# One image for the whole application; the command picks the role (docker-compose.yml):
#   node dist/apps/api/src/main.js        HTTP API (the default CMD)
#   node dist/apps/worker/src/main.js     Temporal worker
#   node dist/libs/persistence/migrate.js TypeORM migrations (+ demo seed when SEED_DEMO=true)
# Configuration comes from the environment only (libs/config/config.ts); nothing secret is baked in.

# ---- build: all dependencies, compile TypeScript to dist/ ----
FROM node:20.19.5-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
# Sources (what .dockerignore lets through: no node_modules, dist, tests, local data).
COPY . .
RUN npm run build

# ---- runtime: production dependencies and dist/ only ----
FROM node:20.19.5-bookworm-slim AS runtime
ENV NODE_ENV=production
# The CJK font the worker embeds in every generated notice (libs/documents/fonts.ts).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-hanazono && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error \
  && npm cache clean --force
COPY --from=build /app/dist ./dist
# The image's unprivileged user; the app writes nothing to its own files.
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
