# syntax=docker/dockerfile:1
# Multi-stage build of the facade on the current LTS Node (24). The final stage has production
# dependencies and the built bundles only (no sources, no tsx, esbuild or Vite), runs as the
# image's unprivileged `node` user and checks /health. test/deploy/dockerfile.test.ts replays
# these stages in clean folders and starts the result as CMD says.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.ts scripts/dashboard-build.ts ./scripts/
COPY schema ./schema
COPY src ./src
COPY examples/dashboard ./examples/dashboard
# dist/index.mjs (the facade), dist/simulator.mjs (compose's demo upstream), dist/dashboard/.
RUN npm run build

FROM node:24-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# The npm cache stays in this stage; only node_modules reaches the runtime stage.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node schema ./schema
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/index.mjs"]
