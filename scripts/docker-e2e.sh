#!/usr/bin/env bash
# Docker end-to-end test (`npm run test:docker`; .ci/run calls it after the unit tests).
#   1. builds both production images with `docker buildx bake` (docker-bake.hcl), cold
#      (--no-cache) and then warm after a one-line change in apps/api/src, and every other
#      target of docker/Dockerfile.api and docker/Dockerfile.worker with `docker build`;
#   2. checks each production image: non-root, no compilers or package managers, HEALTHCHECK,
#      OCI labels from the build args, no sources or dev dependencies, size budget, at least
#      4x smaller than docker/Dockerfile.naive;
#   3. expects `--target test` to fail on a copy of the repo with one failing test;
#   4. `docker compose up --wait` with a generated worker token, POST /predict, a worker score
#      job and its output file, compose's hardening, limits, read-only artifacts for the API and
#      loopback-only ports, Prometheus (compose profile `monitoring`) scraping both: targets up,
#      every dashboard query answered, time to healthy and a graceful stop, then
#      `docker compose down -v` (also on failure).
# Builds run on a snapshot of the working tree in a temporary folder; the repo is not touched.
# Build logs go to files and are printed only on failure. Needs docker (BuildKit, buildx bake,
# compose v2), git, node and curl. E2E_COLD=0 lets the "cold" builds use the caches (faster local
# iterations); E2E_REF=HEAD builds a commit instead of the working tree.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

API_MAX_MB=280
WORKER_MAX_MB=300
MIN_NAIVE_RATIO=4
WARM_MAX_S=45
HEALTHY_MAX_S=5
E2E_COLD=${E2E_COLD:-1}

RUN_ID="e2e-$(date +%s)-$$"
PROJECT="churn-${RUN_ID}"
export CHURN_IMAGE_PREFIX="churn-${RUN_ID}"
export CHURN_TAG=latest
API_IMAGE="${CHURN_IMAGE_PREFIX}-api:${CHURN_TAG}"
WORKER_IMAGE="${CHURN_IMAGE_PREFIX}-worker:${CHURN_TAG}"
# Bake reads these from the environment (docker-bake.hcl); `docker build` gets them as args.
BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
VCS_REF=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
VERSION=$(node -p "require('./package.json').version")
export BUILD_DATE VCS_REF VERSION
BUILD_ARGS=(--build-arg "BUILD_DATE=$BUILD_DATE" --build-arg "VCS_REF=$VCS_REF" --build-arg "VERSION=$VERSION")
# The worker's job API requires a bearer token; compose passes it on from the environment.
CHURN_WORKER_TOKEN=$(node -p 'require("node:crypto").randomBytes(32).toString("hex")')
export CHURN_WORKER_TOKEN
WORK=$(mktemp -d "${TMPDIR:-/tmp}/churn-docker-e2e.XXXXXX")
CTX="$WORK/repo"
LOGS="$WORK/logs"
mkdir -p "$CTX" "$LOGS"
export DOCKER_BUILDKIT=1
declare -A SIZE_MB HEALTHY_S
CONTAINERS=()
FAILURES=0

say() { printf '[docker-e2e] %s\n' "$*" >&2; }
fail() {
  say "FAIL: $*"
  FAILURES=$((FAILURES + 1))
}
now() { printf '%s' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

cleanup() {
  local status=$?
  set +e
  for c in "${CONTAINERS[@]}"; do docker rm -f "$c" >/dev/null 2>&1; done
  if [[ -f "$WORK/compose-up" ]]; then
    if ((status != 0)); then
      docker compose -p "$PROJECT" -f "$CTX/compose.yaml" logs --no-color --tail 40 >&2
    fi
    docker compose -p "$PROJECT" -f "$CTX/compose.yaml" --profile monitoring down -v --remove-orphans >/dev/null 2>&1
  fi
  docker image ls --format '{{.Repository}}:{{.Tag}}' | grep "^${CHURN_IMAGE_PREFIX}-" |
    xargs -r docker image rm -f >/dev/null 2>&1
  if ((status == 0)); then
    rm -rf "$WORK"
  else
    rm -rf "$CTX" "$WORK/failing"
    say "build logs kept in $LOGS"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# build NAME DOCKERFILE TARGET TAG CONTEXT [docker build args...]: quiet, log printed on failure
# (unless EXPECT_FAILURE=1). An empty TARGET builds the last stage.
build() {
  local name=$1 file=$2 target=$3 tag=$4 ctx=$5
  shift 5
  local started target_flag=()
  [[ -n $target ]] && target_flag=(--target "$target")
  started=$(now)
  if ! docker build --progress=plain -f "$ctx/docker/$file" "${target_flag[@]}" -t "$tag" \
    "${BUILD_ARGS[@]}" "$@" "$ctx" >"$LOGS/$name.log" 2>&1; then
    if [[ ${EXPECT_FAILURE:-0} != 1 ]]; then
      say "build $name failed; last lines of its log:"
      tail -n 80 "$LOGS/$name.log" >&2
    fi
    return 1
  fi
  LAST_BUILD_S=$(elapsed "$started")
  say "built $name in ${LAST_BUILD_S}s"
}

# bake NAME [bake args...]: `docker buildx bake` in the snapshot, as a developer or CI runs it.
bake() {
  local name=$1 started
  shift
  started=$(now)
  if ! (cd "$CTX" && docker buildx bake -f docker-bake.hcl --progress=plain "$@") >"$LOGS/$name.log" 2>&1; then
    say "bake $name failed; last lines of its log:"
    tail -n 80 "$LOGS/$name.log" >&2
    return 1
  fi
  LAST_BUILD_S=$(elapsed "$started")
  say "baked $name in ${LAST_BUILD_S}s"
}

image_mb() { docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f", $1 / 1000000 }'; }

# Seconds from `docker run` until the HEALTHCHECK reports healthy (polled every 0.1 s).
# Runs in a subshell: the caller registers NAME in CONTAINERS for the cleanup.
time_to_healthy() {
  local name=$1
  shift
  local started cid status
  started=$(now)
  cid=$(docker run -d --name "$name" --read-only --tmpfs /tmp --cap-drop ALL \
    --security-opt no-new-privileges "$@")
  for _ in $(seq 1 600); do
    status=$(docker inspect -f '{{.State.Health.Status}}' "$cid")
    if [[ $status == healthy ]]; then
      elapsed "$started"
      return 0
    fi
    [[ $status == unhealthy ]] && break
    sleep 0.1
  done
  docker logs --tail 30 "$cid" >&2
  return 1
}

# The working tree (tracked and untracked, minus .gitignore'd files), or E2E_REF's commit.
snapshot() {
  if [[ -n ${E2E_REF:-} ]]; then
    say "snapshot of $E2E_REF into $CTX"
    git archive "$E2E_REF" | tar -xf - -C "$CTX"
    return
  fi
  say "snapshot of the working tree into $CTX"
  git ls-files -z -co --exclude-standard |
    while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$CTX"
}

check_production_image() {
  local app=$1 image=$2 max_mb=$3 naive=$4
  say "checking $image"
  local user uid found hc labels mb naive_mb
  user=$(docker inspect -f '{{.Config.User}}' "$image")
  [[ -n $user && $user != root && $user != 0 && $user != 0:* && $user != root:* ]] ||
    fail "$app: image user is '$user'"
  uid=$(docker run --rm --entrypoint id "$image" -u)
  [[ $uid != 0 ]] || fail "$app: runs as uid 0"
  found=$(docker run --rm --entrypoint sh "$image" -c 'which gcc g++ make python3 npm npx yarn corepack curl wget apt perl' || true)
  [[ -z $found ]] || fail "$app: found build or package tools: $found"
  hc=$(docker inspect -f '{{if .Config.Healthcheck}}{{join .Config.Healthcheck.Test " "}}{{end}}' "$image")
  [[ $hc == *health-probe.mjs* ]] || fail "$app: no health-probe HEALTHCHECK ($hc)"
  labels=$(docker inspect -f '{{index .Config.Labels "org.opencontainers.image.created"}} {{index .Config.Labels "org.opencontainers.image.revision"}} {{index .Config.Labels "org.opencontainers.image.version"}}' "$image")
  local expected
  expected="$(printf '%s\n' "${BUILD_ARGS[@]}" | sed -n 's/^[A-Z_]*=//p' | paste -sd' ')"
  [[ $labels == "$expected" ]] || fail "$app: OCI labels '$labels', expected '$expected'"
  local leftovers
  leftovers=$(docker run --rm --entrypoint sh "$image" -c '
    find /app -path /app/node_modules -prune -o \( -name "*.ts" -o -name src -o -name test \) -print
    for d in typescript vitest @biomejs turbo tsx; do [ -e "node_modules/$d" ] && echo "node_modules/$d"; done
    find node_modules/onnxruntime-node/bin/napi-v6 -mindepth 1 -maxdepth 2 \
      ! -path "*/napi-v6/linux" ! -path "*/napi-v6/linux/x64"
    touch /app/data/.w /app/artifacts/.w || echo "data/ or artifacts/ not writable"
    for d in /app/apps /app/packages /app/node_modules /app/config; do
      [ -w "$d" ] && echo "$d writable by the app user"
    done
    true')
  [[ -z $leftovers ]] || fail "$app: unexpected content: $leftovers"
  mb=$(image_mb "$image")
  naive_mb=$(image_mb "$naive")
  SIZE_MB[$app]=$mb
  NAIVE_MB[$app]=$naive_mb
  ((mb <= max_mb)) || fail "$app: ${mb} MB > budget ${max_mb} MB"
  awk -v n="$naive_mb" -v p="$mb" -v r="$MIN_NAIVE_RATIO" 'BEGIN { exit !(n >= r * p) }' ||
    fail "$app: naive ${naive_mb} MB is less than ${MIN_NAIVE_RATIO}x ${mb} MB"
}
declare -A NAIVE_MB

# Prometheus of the compose `monitoring` profile (started alone: Grafana's image is not available
# offline) scrapes the running api and worker. Traffic and worker jobs run between its scrapes;
# then both targets must be up, every dashboard query must return a number and every metric the
# alert rules name must exist (monitoring/src/cli/check-live.ts prints the values).
check_monitoring() {
  local prom_url hardening traffic_pid record status id
  local live=(npm run --silent check:live -w @churn/monitoring --) auth=()
  # The worker's job routes take a bearer token when compose gives the worker one.
  [[ -n ${CHURN_WORKER_TOKEN:-} ]] && auth=(-H "authorization: Bearer $CHURN_WORKER_TOKEN")
  say "monitoring: Prometheus scraping the api and the worker"
  "${compose[@]}" up -d --wait --no-build prometheus >"$LOGS/prometheus-up.log" 2>&1 || {
    cat "$LOGS/prometheus-up.log" >&2
    fail "docker compose up prometheus"
    return
  }
  hardening=$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}} {{.HostConfig.Tmpfs}}' "$("${compose[@]}" ps -q prometheus)")
  [[ $hardening == "true [ALL] [no-new-privileges:true] map[/tmp:]" ]] ||
    fail "prometheus: read-only root, cap_drop ALL, no-new-privileges, tmpfs /tmp expected: $hardening"
  prom_url="http://$("${compose[@]}" port prometheus 9090)"
  "${live[@]}" wait --scrapes 1 --prometheus "$prom_url" || {
    fail "Prometheus did not scrape the api and the worker"
    return
  }
  node -e 'const r = require(process.argv[1]); console.log(JSON.stringify({ rows: [r, r, r] }))' \
    "$REPO/scripts/fixtures/predict-request.json" >"$WORK/batch-request.json"
  # Bounded (about two minutes), so a failing run leaves no loop behind.
  (
    for _ in $(seq 1 600); do
      for _ in 1 2 3 4; do
        curl -fsS -o /dev/null -X POST -H 'content-type: application/json' \
          --data-binary @scripts/fixtures/predict-request.json "$api_url/predict" &
      done
      curl -fsS -o /dev/null -X POST -H 'content-type: application/json' \
        --data-binary @"$WORK/batch-request.json" "$api_url/predict/batch" || true
      wait
      sleep 0.2
    done
  ) &
  traffic_pid=$!
  for job in drift score; do
    id=$(curl -fsS -X POST "${auth[@]}" -H 'content-type: application/json' -d '{}' "$worker_url/jobs/$job" |
      node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).id') || fail "POST /jobs/$job"
    status=running
    for _ in $(seq 1 120); do
      record=$(curl -fsS "${auth[@]}" "$worker_url/jobs/$id")
      status=$(node -p 'JSON.parse(process.argv[1]).status' "$record")
      [[ $status != running ]] && break
      sleep 1
    done
    [[ $status == succeeded ]] || fail "monitoring: $job job ended '$status': $record"
  done
  "${live[@]}" wait --scrapes 2 --prometheus "$prom_url" || fail "no two scrapes after the traffic"
  kill "$traffic_pid" 2>/dev/null
  wait "$traffic_pid" 2>/dev/null || true
  if "${live[@]}" check --prometheus "$prom_url" >"$LOGS/monitoring-check.log" 2>&1; then
    sed 's/^/  /' "$LOGS/monitoring-check.log" >&2
    say "ok: Prometheus targets up, every dashboard query and alert metric has data"
  else
    sed 's/^/  /' "$LOGS/monitoring-check.log" >&2
    fail "monitoring: live Prometheus check"
  fi
  # Starting a profile's service creates every volume of that profile; `down -v` without the
  # profile would leave them.
  "${compose[@]}" --profile monitoring rm -fsv prometheus >/dev/null 2>&1
  docker volume rm "${PROJECT}_prometheus" "${PROJECT}_grafana" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------------------------
docker info >/dev/null 2>&1 || {
  say "docker is not available"
  exit 1
}
snapshot

# Cold: no layer cache and empty cache mounts (npm downloads, turbo), as on a fresh builder
# that already has the base images. Bake builds both images in one session, the shared stages
# once.
cold_flag=()
if [[ $E2E_COLD == 1 ]]; then
  cold_flag=(--no-cache)
  docker builder prune -f --filter type=exec.cachemount >/dev/null
fi
bake production-cold --load "${cold_flag[@]}"
COLD_S=$LAST_BUILD_S

for app in api worker; do
  targets=(builder test dev)
  [[ $app == api ]] && targets+=(model)
  for target in "${targets[@]}"; do
    build "$app-$target" "Dockerfile.$app" "$target" "${CHURN_IMAGE_PREFIX}-${app}:$target" "$CTX"
  done
  # --load: with a docker-container builder (GitHub Actions) an image is not loaded by default.
  build "$app-naive" Dockerfile.naive "" "${CHURN_IMAGE_PREFIX}-${app}:naive" "$CTX" \
    --build-arg "APP=$app" --load
done

check_production_image api "$API_IMAGE" "$API_MAX_MB" "${CHURN_IMAGE_PREFIX}-api:naive"
check_production_image worker "$WORKER_IMAGE" "$WORKER_MAX_MB" "${CHURN_IMAGE_PREFIX}-worker:naive"

say "--target test on a copy with one failing test (expected to fail)"
cp -a "$CTX" "$WORK/failing"
cat >"$WORK/failing/packages/config/test/docker-e2e-failing.test.ts" <<'EOF'
import { expect, test } from 'vitest';

test('docker e2e deliberately failing test', () => {
  expect(1 + 1).toBe(3);
});
EOF
started=$(now)
if EXPECT_FAILURE=1 build api-test-failing Dockerfile.api test "${CHURN_IMAGE_PREFIX}-api:failing" \
  "$WORK/failing"; then
  fail "--target test succeeded with a failing test"
elif ! grep -q 'docker e2e deliberately failing test' "$LOGS/api-test-failing.log"; then
  tail -n 60 "$LOGS/api-test-failing.log" >&2
  fail "--target test failed, but not on the failing test"
else
  say "ok: --target test failed on the failing test after $(elapsed "$started")s"
fi
rm -rf "$WORK/failing"

say "warm rebuild after a one-line change in apps/api/src"
server_ts="$CTX/apps/api/src/server.ts"
[[ -f $server_ts ]] || server_ts=$(find "$CTX/apps/api/src" -name '*.ts' | sort | head -n 1)
cp "$server_ts" "$WORK/server.ts.orig"
printf '// docker e2e warm rebuild %s\n' "$RUN_ID" >>"$server_ts"
CHURN_TAG=warm bake production-warm --load
WARM_S=$LAST_BUILD_S
le "$WARM_S" "$WARM_MAX_S" || fail "warm rebuild of both images ${WARM_S}s > ${WARM_MAX_S}s"
cp "$WORK/server.ts.orig" "$server_ts"

say "docker compose up --wait (project $PROJECT)"
compose=(docker compose -p "$PROJECT" -f "$CTX/compose.yaml")
for service in api worker; do
  host_ip=$("${compose[@]}" config --format json | node -e '
    const config = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    console.log(config.services[process.argv[1]].ports.map((p) => p.host_ip ?? "").join(" "));' "$service")
  [[ $host_ip == 127.0.0.1 ]] || fail "$service: compose publishes on '$host_ip' by default, not 127.0.0.1"
done
export CHURN_API_PORT=127.0.0.1:0 CHURN_WORKER_PORT=127.0.0.1:0 CHURN_PROMETHEUS_PORT=127.0.0.1:0
touch "$WORK/compose-up"
started=$(now)
"${compose[@]}" up --wait --no-build --quiet-pull >"$LOGS/compose-up.log" 2>&1 || {
  cat "$LOGS/compose-up.log" >&2
  fail "docker compose up --wait"
  exit 1
}
say "compose up --wait returned after $(elapsed "$started")s (includes the trainer)"
for service in api worker; do
  hardening=$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}} {{.HostConfig.Tmpfs}}' "$("${compose[@]}" ps -q "$service")")
  [[ $hardening == "true [ALL] [no-new-privileges:true] map[/tmp:]" ]] ||
    fail "$service: read-only root, cap_drop ALL, no-new-privileges, tmpfs /tmp expected: $hardening"
  limits=$(docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}' "$("${compose[@]}" ps -q "$service")")
  [[ $limits != 0\ * && $limits != *\ 0 ]] || fail "$service: no memory or CPU limit: $limits"
done
artifacts_rw=$(docker inspect -f '{{range .Mounts}}{{if eq .Destination "/app/artifacts"}}{{.RW}}{{end}}{{end}}' \
  "$("${compose[@]}" ps -q api)")
[[ $artifacts_rw == false ]] || fail "api: artifacts volume mounted read-write ($artifacts_rw)"
api_url="http://$("${compose[@]}" port api 8000)"
worker_url="http://$("${compose[@]}" port worker 8001)"

response=$(curl -fsS -X POST -H 'content-type: application/json' \
  --data-binary @scripts/fixtures/predict-request.json "$api_url/predict") || fail "POST /predict"
node -e '
  const r = JSON.parse(process.argv[1]);
  if (!(r.churn_risk >= 0 && r.churn_risk <= 1) || r.user_id !== 1 || !r.model?.version) process.exit(1);
' "$response" || fail "POST /predict answered $response"
say "ok: POST /predict -> $response"

worker_auth=(-H "authorization: Bearer $CHURN_WORKER_TOKEN")
job=$(curl -fsS -X POST "${worker_auth[@]}" -H 'content-type: application/json' -d '{}' \
  "$worker_url/jobs/score") || fail "POST /jobs/score"
job_id=$(node -p 'JSON.parse(process.argv[1]).id' "$job")
status=running
for _ in $(seq 1 120); do
  record=$(curl -fsS "${worker_auth[@]}" "$worker_url/jobs/$job_id")
  status=$(node -p 'JSON.parse(process.argv[1]).status' "$record")
  [[ $status != running ]] && break
  sleep 1
done
[[ $status == succeeded ]] || fail "score job ended '$status': $record"
outputs=$(docker run --rm -v "${PROJECT}_data:/app/data:ro" --entrypoint ls "$WORKER_IMAGE" /app/data/predictions)
grep -q '^predictions_latest.csv$' <<<"$outputs" || fail "no predictions_latest.csv in the data volume: $outputs"
say "ok: score job $job_id $status; data/predictions: $(paste -sd' ' <<<"$outputs")"

check_monitoring

say "time to healthy and graceful stop"
CONTAINERS+=("$PROJECT-api-standalone" "$PROJECT-worker-standalone")
HEALTHY_S[api]=$(time_to_healthy "$PROJECT-api-standalone" "$API_IMAGE") || fail "api never healthy"
HEALTHY_S[worker]=$(time_to_healthy "$PROJECT-worker-standalone" -e WORKER_TOKEN="$CHURN_WORKER_TOKEN" \
  -v "${PROJECT}_data:/app/data" -v "${PROJECT}_artifacts:/app/artifacts" "$WORKER_IMAGE") ||
  fail "worker never healthy"
for app in api worker; do
  le "${HEALTHY_S[$app]:-999}" "$HEALTHY_MAX_S" || fail "$app: healthy after ${HEALTHY_S[$app]:-never}s"
  started=$(now)
  docker stop -t 10 "$PROJECT-$app-standalone" >/dev/null
  stop_s=$(elapsed "$started")
  code=$(docker inspect -f '{{.State.ExitCode}}' "$PROJECT-$app-standalone")
  [[ $code == 0 ]] || fail "$app: exit code $code after SIGTERM"
  le "$stop_s" 9 || fail "$app: SIGTERM took ${stop_s}s (killed?)"
  say "ok: $app stopped on SIGTERM in ${stop_s}s, exit code $code"
done

docker rm -f "${CONTAINERS[@]}" >/dev/null
CONTAINERS=()
"${compose[@]}" down -v --remove-orphans >"$LOGS/compose-down.log" 2>&1 ||
  fail "docker compose down -v: $(tail -n 5 "$LOGS/compose-down.log")"
rm -f "$WORK/compose-up"
leftover=$(docker volume ls -q --filter "name=${PROJECT}_")
[[ -z $leftover ]] || fail "volumes left after docker compose down -v: $leftover"

printf '\n%-8s %9s %9s %7s %12s\n' image size naive ratio "healthy in"
for app in api worker; do
  printf '%-8s %6s MB %6s MB %6sx %11ss\n' "$app" "${SIZE_MB[$app]}" "${NAIVE_MB[$app]}" \
    "$(awk -v n="${NAIVE_MB[$app]}" -v p="${SIZE_MB[$app]}" 'BEGIN { printf "%.1f", n / p }')" \
    "${HEALTHY_S[$app]:-n/a}"
done
printf 'docker buildx bake, both images: cold %ss, warm %ss (after a one-line change in apps/api)\n' \
  "$COLD_S" "$WARM_S"
printf 'budgets: api <= %s MB, worker <= %s MB, >= %sx smaller than naive, warm <= %ss, healthy <= %ss\n' \
  "$API_MAX_MB" "$WORKER_MAX_MB" "$MIN_NAIVE_RATIO" "$WARM_MAX_S" "$HEALTHY_MAX_S"
[[ $E2E_COLD == 1 ]] || printf 'cold builds reused the layer cache (E2E_COLD=0)\n'

# In GitHub Actions, the same figures in the job summary.
if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  {
    printf '### Docker images\n\n| image | size | naive | healthy in |\n| --- | --- | --- | --- |\n'
    for app in api worker; do
      printf '| %s | %s MB | %s MB | %s s |\n' "$app" "${SIZE_MB[$app]}" "${NAIVE_MB[$app]}" "${HEALTHY_S[$app]:-n/a}"
    done
    printf '\n`docker buildx bake` of both images: %s s, then %s s after a one-line change.\n' "$COLD_S" "$WARM_S"
  } >>"$GITHUB_STEP_SUMMARY"
fi

if ((FAILURES > 0)); then
  say "$FAILURES check(s) failed"
  exit 1
fi
say "all checks passed"
