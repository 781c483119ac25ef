# The same steps as ./run.sh (which .ci/run also runs), on Debian 12 with Node.js 20.
FROM node:20-bookworm-slim

WORKDIR /app
COPY . .
# ./run.sh setup: Debian packages (LibreOffice, python3-uno, fonts), npm ci, build. make and g++
# are there only for better-sqlite3's native build, should its prebuilt binary not be available.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends make g++ python3 \
 && ./run.sh setup \
 && npm prune --omit=dev \
 && apt-get purge -y make g++ && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* /root/.npm

# Runs as an unprivileged user; LibreOffice profiles, the database and the outboxes live under DATA_DIR.
# No database server in the image: replicas share state through PostgreSQL, given as configuration
# (DATABASE_URL=postgres://…, which requires FOLLOW_UP_MATCH_SECRET, the same on every replica), and
# one outbox folder mounted on every replica (OUTBOX_DIR). See the README, "Running several replicas".
RUN useradd --system --create-home --home-dir /home/indsatsplan indsatsplan \
 && mkdir -p /data && chown indsatsplan /data
USER indsatsplan
# In production the service refuses to start (exit code 78) until authentication is configured:
# API_KEYS or API_KEYS_FILE (e.g. a mounted secret) for case systems, and/or OIDC_ISSUER,
# OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PUBLIC_URL and SESSION_SECRET for people; TRUST_PROXY=1
# behind a reverse proxy. See the README, "Access".
# The documents being converted (the plan's data) are written to /dev/shm, memory, which Docker
# gives a container 64 MB of: enough for 4 LibreOffice workers (16 MB each). With more
# (CONVERSION_WORKERS defaults to the cores) run with --shm-size, e.g. --shm-size=256m, or they
# are written to disk, with a warning in the log. See the README, CONVERSION_DOCUMENT_DIR.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=32", "dist/server/index.js"]
