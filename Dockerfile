# syntax=docker/dockerfile:1

# ---- build: install every dependency and build the SvelteKit app into web/build ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Manifests first, so the dependency layer is reused until they change.
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci

COPY . .
RUN npm run build

# ---- runtime ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
ENV HOST=0.0.0.0 PORT=3000
WORKDIR /app

# devDependencies are kept on purpose: the server runs its TypeScript through tsx.
# The code stays root-owned (read-only for the app); only the data directory is writable.
COPY --from=build /app /app
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 3000

# Slim images have no curl: probe with node's built-in fetch.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/v1/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node directly (not npm start) so SIGTERM reaches the server; the web is already built.
CMD ["node", "--import", "tsx", "server/src/main.ts"]
