# The app image docker-compose.yml builds: Node 20, production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/templates ./templates
# The audit anchors' volume (docker-compose.yml) takes this folder's owner.
RUN mkdir -p /var/lib/accordant && chown node:node /var/lib/accordant
USER node
EXPOSE 3000
# A larger young generation: bulk ingest allocates many short-lived objects (bench/RESULTS.md, Ingest).
CMD ["node", "--max-semi-space-size=32", "dist/src/main.js"]
