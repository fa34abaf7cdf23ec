# Roster: SCIM 2.0 provisioning server. Multi-stage: the embedded store binary, the TypeScript
# build, then a slim runtime with production dependencies only, running as a non-root user.
# Production points MONGODB_URI at MongoDB (replica set or Atlas); without it the image runs the
# embedded FerretDB store on /var/lib/roster (mount a volume there), for trials only.

FROM golang:1.24-bookworm AS store
WORKDIR /src
COPY tools/ferretdb/ ./
# build.sh fixes FerretDB's _id lookups to use their index (see the script) and builds main.go.
RUN bash build.sh /out/roster-ferretdb

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY config ./config
COPY schemas ./schemas
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    ROSTER_DATA_DIR=/var/lib/roster \
    FERRETDB_BIN=/usr/local/bin/roster-ferretdb
# MONGODB_URI: mongodb+srv://user:pass@cluster/roster (set at run time; never bake it in).
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY config ./config
COPY schemas ./schemas
COPY web ./web
COPY --from=store /out/roster-ferretdb /usr/local/bin/roster-ferretdb
# The operator CLI, compiled by `npm run build` (executable, with a node shebang) and named in
# package.json "bin": on PATH as `roster`, so `docker exec <container> roster tenant create acme`
# works with production dependencies only. It inherits the image's ROSTER_DATA_DIR (it finds the
# running server's embedded store there) and the container's MONGODB_URI.
RUN ln -s /app/dist/cli/main.js /usr/local/bin/roster \
    && mkdir -p /var/lib/roster && chown node:node /var/lib/roster
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node directly, not npm: signals reach Roster and it shuts down gracefully.
CMD ["node", "dist/main.js"]
