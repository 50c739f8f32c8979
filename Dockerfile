# UNTESTED: written without a container engine to build or run it (see docs/deployment.md, 11).
# The assistant as one container. Data (embedded database and key file) in the /data volume,
# or DATABASE_URL for PostgreSQL (see compose.yaml).
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data

WORKDIR /app
# Dependencies first, for the build cache. The full install: `prisma generate` (postinstall)
# needs the dev dependencies; the generated client is part of the image.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci && npm cache clean --force

COPY src ./src
COPY content ./content
COPY public ./public
COPY tsconfig.json ./

RUN mkdir -p /data && chown node:node /data /app/content/knowledge
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "src/main.ts"]
