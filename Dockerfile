# syntax=docker/dockerfile:1
# One image for every role: `node dist/src/main.js` (API + dialer + projectors), or `... api` / `... worker`.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-slim AS runtime
# Inside a container every interface is the container's own; the port mapping decides exposure.
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The operator console's static files, served at / (its libraries come from node_modules).
COPY --from=build --chown=node:node /app/console ./console
# The embedded PostgreSQL (used when DATABASE_URL is unset) keeps its files here.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# The slim image has no curl; Node's fetch does the probe.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}/health/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
