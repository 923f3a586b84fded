#!/usr/bin/env bash
# Runs the whole gateway on this machine, without Docker: the Deferno sandbox, the auth server, the resource server
# and, when an nginx binary is on the PATH, nginx as the single public origin. Ctrl-C stops everything it started.
#
# Environment (all optional):
#   SANDBOX_PORT=3000 AUTH_PORT=9000 MCP_PORT=8001 NGINX_PORT=8080   ports on 127.0.0.1
#   AUTH_MANAGEMENT_PORT=9001 MCP_MANAGEMENT_PORT=8002   the servers' health (with details) and metrics, as in compose
#   REDIS_URL                     else a Redis answering on 127.0.0.1:6379, else the in-memory store
#   QUICKSTART_NGINX=auto|off     off: no nginx even if installed
#   QUICKSTART_BUILD=auto|always|never   auto: build when a jar is missing or older than the sources
#   QUICKSTART_LOG_DIR=./logs     one log file per process
#   QUICKSTART_RUN_DIR=./run      nginx prefix (run as root: one under /tmp), the development secrets and the JVMs' startup caches (jvm/)
#   QUICKSTART_JAVA_OPTS          JVM options (default: scripts/jvm.sh's 80 MB heap and G1)
#   JVM_CACHE=auto|off            off: start the jars as they are, without the extracted copy and AOT cache
# Every other variable of docs/configuration.md is passed on to the applications as it is.
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"

SANDBOX_PORT="${SANDBOX_PORT:-3000}"
AUTH_PORT="${AUTH_PORT:-9000}"
MCP_PORT="${MCP_PORT:-8001}"
NGINX_PORT="${NGINX_PORT:-8080}"
# health and metrics on ports of their own, as compose has them: only there does health show its details (set empty
# to share the application's port)
export AUTH_MANAGEMENT_PORT="${AUTH_MANAGEMENT_PORT-9001}"
export MCP_MANAGEMENT_PORT="${MCP_MANAGEMENT_PORT-8002}"
log_dir="${QUICKSTART_LOG_DIR:-$root/logs}"
run_dir="${QUICKSTART_RUN_DIR:-$root/run}"
mkdir -p "$log_dir" "$run_dir"
log_dir="$(cd "$log_dir" && pwd)"
run_dir="$(cd "$run_dir" && pwd)"

say() { printf '%s\n' "quickstart: $*"; }
fail() { printf '%s\n' "quickstart: ERROR: $*" >&2; exit 1; }
loud() {
	printf '\n%s\n' "************************************************************************" >&2
	printf '  %s\n' "$@" >&2
	printf '%s\n\n' "************************************************************************" >&2
}

# --- a JDK 21 or newer --------------------------------------------------------------------------------------------
java_ok() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; }
if [ -n "${JAVA_HOME:-}" ] && java_ok "$JAVA_HOME"; then
	:
else
	JAVA_HOME=""
	for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/temurin-21* /usr/lib/jvm/java-21*; do
		if java_ok "$candidate"; then JAVA_HOME="$candidate"; break; fi
	done
	if [ -z "$JAVA_HOME" ] && command -v java >/dev/null; then
		candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
		java_ok "$candidate" && JAVA_HOME="$candidate"
	fi
	[ -n "$JAVA_HOME" ] || fail "no JDK 21 or newer found: install one and set JAVA_HOME"
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
# shellcheck source=scripts/jvm.sh
. "$root/scripts/jvm.sh"
java_opts="${QUICKSTART_JAVA_OPTS:-$(jvm_default_options "$JAVA")}"
command -v curl >/dev/null || fail "curl is needed to check that the services are ready"

# --- ports free? ----------------------------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
use_nginx=false
# Debian puts nginx in /usr/sbin, which a person's PATH often lacks
[ -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null && PATH="$PATH:/usr/sbin"
if [ "${QUICKSTART_NGINX:-auto}" != off ] && command -v nginx >/dev/null; then use_nginx=true; fi
seen_ports=""
for pair in "SANDBOX_PORT=$SANDBOX_PORT" "AUTH_PORT=$AUTH_PORT" "MCP_PORT=$MCP_PORT" "NGINX_PORT=$NGINX_PORT" \
	"AUTH_MANAGEMENT_PORT=$AUTH_MANAGEMENT_PORT" "MCP_MANAGEMENT_PORT=$MCP_MANAGEMENT_PORT"; do
	[ "${pair%%=*}" = NGINX_PORT ] && [ "$use_nginx" = false ] && continue
	[ -z "${pair#*=}" ] && continue
	if [[ ! "${pair#*=}" =~ ^[1-9][0-9]{0,4}$ ]] || [ "${pair#*=}" -gt 65535 ]; then
		fail "${pair%%=*} must be a port number from 1 to 65535, was '${pair#*=}'"
	fi
	# two services on one port: the second fails to bind while the first answers in its place
	case " $seen_ports " in *" ${pair#*=} "*) fail "${pair%%=*} ${pair#*=} is also another service's port; give each its own" ;; esac
	seen_ports="$seen_ports ${pair#*=}"
	if port_busy "${pair#*=}"; then
		fail "port ${pair#*=} is already in use; stop what uses it or choose another one, e.g. ${pair%%=*}=$((${pair#*=} + 10)) ./quickstart.sh"
	fi
done

# --- build when needed ----------------------------------------------------------------------------------------------
modules=(deferno-sandbox auth-server resource-server)
jar_of() { compgen -G "$root/$1/target/$1-*-exec.jar" | head -n 1 || true; }
needs_build() {
	local module jar
	for module in "${modules[@]}"; do
		jar="$(jar_of "$module")"
		[ -n "$jar" ] || return 0
		if [ -n "$(find "$root/pom.xml" "$root/$module/pom.xml" "$root/$module/src" "$root/shared-model/pom.xml" \
			"$root/shared-model/src" "$root/shared-web/pom.xml" "$root/shared-web/src" -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
			return 0
		fi
	done
	return 1
}
case "${QUICKSTART_BUILD:-auto}" in
	always) build=true ;;
	never) build=false ;;
	auto) if needs_build; then build=true; else build=false; fi ;;
	*) fail "QUICKSTART_BUILD must be auto, always or never, was '$QUICKSTART_BUILD'" ;;
esac
if [ "$build" = true ]; then
	say "building the applications (./mvnw -B -q -DskipTests clean package), a few minutes the first time..."
	# only the three applications and what they need, not the end-to-end test module; clean, because a file an update
	# deleted (a resource moved to another module) would otherwise stay in target/ and go into the jar
	./mvnw -B -q -DskipTests -pl "$(IFS=,; echo "${modules[*]}")" -am clean package \
		|| fail "the build failed; see the Maven output above"
fi
for module in "${modules[@]}"; do
	[ -n "$(jar_of "$module")" ] || fail "no executable jar for $module (expected $module/target/$module-*-exec.jar)"
done

# --- public URLs ----------------------------------------------------------------------------------------------------
if [ "$use_nginx" = true ]; then
	public="http://localhost:$NGINX_PORT"
	issuer="$public"
	mcp_public="$public"
else
	issuer="http://localhost:$AUTH_PORT"
	mcp_public="http://localhost:$MCP_PORT"
fi
mcp_url="$mcp_public/mcp"
# these describe the stack quickstart.sh starts (its ports, nginx or not): a value of the caller's is not used
for variable in AUTH_ISSUER MCP_RESOURCES MCP_PUBLIC_URL AUTH_INTERNAL_URL DEFERNO_BASE_URL; do
	if [ -n "${!variable:-}" ]; then
		say "$variable=${!variable} is ignored: quickstart.sh sets it for the stack it starts (to run with your own, start the jars as docs/configuration.md says)"
	fi
done

# --- storage --------------------------------------------------------------------------------------------------------
redis_answers() {
	local reply=""
	exec 3<>/dev/tcp/127.0.0.1/6379 || return 1
	printf 'PING\r\n' >&3
	IFS= read -r -t 2 reply <&3 || true
	exec 3<&- 3>&-
	[ "${reply%$'\r'}" = "+PONG" ]
} 2>/dev/null
if [ "${AUTH_STORAGE:-}" = memory ]; then
	storage="IN MEMORY (AUTH_STORAGE=memory; lost when the auth server stops)"
elif [ -n "${REDIS_URL:-}" ]; then
	# never a password on the terminal: redis://user:secret@host shows as redis://…@host
	storage="Redis at $(printf '%s' "$REDIS_URL" | sed -E 's|//[^/@]*@|//…@|')"
elif redis_answers; then
	export REDIS_URL="redis://127.0.0.1:6379"
	storage="Redis at $REDIS_URL"
else
	storage="IN MEMORY (lost when the auth server stops)"
	loud "WARNING: no Redis (REDIS_URL unset, nothing answers on 127.0.0.1:6379)." \
		"The auth server keeps clients, grants and tokens IN MEMORY: everything is lost when it stops," \
		"and every MCP client must register and sign in again. Start a Redis to keep them."
fi

# A secret the operator keeps as a file in GATEWAY_SECRETS_DIR is theirs: none is made for it.
secret_file_given() { [ -s "${GATEWAY_SECRETS_DIR:-/run/secrets}/$1" ]; }

# A development vault key kept across runs, so that grants stored in Redis stay readable after a restart.
if [ -z "${VAULT_KEY:-}" ] && ! secret_file_given VAULT_KEY; then
	key_file="$run_dir/dev-vault-key"
	if [ ! -s "$key_file" ]; then
		(umask 077 && head -c 32 /dev/urandom | base64 >"$key_file")
	fi
	VAULT_KEY="$(cat "$key_file")"
	export VAULT_KEY
fi

# The resource server's client secret, shared by both servers and kept across runs: 256 random bits, which the auth
# server checks with a fast hash (a short secret would cost a BCrypt check per token check).
if [ -z "${RS_CLIENT_SECRET:-}" ] && ! secret_file_given RS_CLIENT_SECRET; then
	secret_file="$run_dir/dev-rs-client-secret"
	if [ ! -s "$secret_file" ]; then
		(umask 077 && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' >"$secret_file")
	fi
	RS_CLIENT_SECRET="$(cat "$secret_file")"
	export RS_CLIENT_SECRET
fi

# --- processes ------------------------------------------------------------------------------------------------------
pids=()
names=()
stopping=false
stop_all() {
	[ "$stopping" = true ] && return
	stopping=true
	# each service finishes its requests in flight (the resource server's tool calls up to 90 s); a second Ctrl-C
	# does not wait for them
	trap 'kill -KILL "${pids[@]}" 2>/dev/null' INT
	trap '' TERM
	set +e
	if [ -n "${sleeper:-}" ]; then kill "$sleeper" 2>/dev/null; fi
	if [ "${#pids[@]}" -gt 0 ]; then
		say "stopping ${names[*]} (requests in flight may take up to 90 s; Ctrl-C again to stop at once)..."
		kill -TERM "${pids[@]}" 2>/dev/null || true
		for _ in $(seq 1 1000); do
			local alive=false pid
			for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
			[ "$alive" = false ] && break
			sleep 0.1
		done
		kill -KILL "${pids[@]}" 2>/dev/null || true
		wait 2>/dev/null || true
	fi
	if [ -n "${nginx_temp_prefix:-}" ]; then rm -rf "$nginx_temp_prefix"; fi
	say "stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

start() { # name log command...
	local name="$1" log="$2"
	shift 2
	"$@" >"$log" 2>&1 &
	pids+=("$!")
	names+=("$name")
}
start_app() { # module port
	local module="$1" port="$2"
	# an extracted copy and an AOT cache of the jar, trained with this environment after each build (scripts/jvm.sh)
	jvm_prepare "$JAVA" "$(jar_of "$module")" "$run_dir/jvm" "$java_opts"
	# shellcheck disable=SC2086 # java_opts is a list of options
	start "$module" "$log_dir/$module.log" env "${jvm_env[@]}" SERVER_ADDRESS="${SERVER_ADDRESS:-127.0.0.1}" \
		"$JAVA" $java_opts "${jvm_launch[@]}" --server.port="$port"
}

await() { # name url: waits for the process started last
	local name="$1" url="$2" pid="${pids[${#pids[@]}-1]}" log
	log="$log_dir/$name.log"
	[ "$name" = nginx ] && log="$log_dir/nginx-error.log"
	local deadline=$((SECONDS + 240))
	while [ "$SECONDS" -lt "$deadline" ]; do
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -n 40 "$log" >&2 || true
			fail "$name exited during startup; its log is $log"
		fi
		if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
		sleep 0.25
	done
	fail "$name was not ready at $url after 4 minutes; its log is $log"
}

deferno_api="http://127.0.0.1:$SANDBOX_PORT/api"
say "JDK $JAVA_HOME; logs in $log_dir"

SANDBOX_PORT="$SANDBOX_PORT" start_app deferno-sandbox "$SANDBOX_PORT"
await deferno-sandbox "http://127.0.0.1:$SANDBOX_PORT/actuator/health"

AUTH_PORT="$AUTH_PORT" AUTH_ISSUER="$issuer" MCP_RESOURCES="$mcp_url" DEFERNO_BASE_URL="$deferno_api" \
	start_app auth-server "$AUTH_PORT"
auth_health="http://127.0.0.1:${AUTH_MANAGEMENT_PORT:-$AUTH_PORT}/actuator/health"
await auth-server "$auth_health"

MCP_PORT="$MCP_PORT" MCP_PUBLIC_URL="$mcp_public" AUTH_ISSUER="$issuer" \
	AUTH_INTERNAL_URL="http://127.0.0.1:$AUTH_PORT" DEFERNO_BASE_URL="$deferno_api" \
	start_app resource-server "$MCP_PORT"
mcp_health="http://127.0.0.1:${MCP_MANAGEMENT_PORT:-$MCP_PORT}/actuator/health"
await resource-server "$mcp_health"

if [ "$use_nginx" = true ]; then
	prefix="$run_dir/nginx"
	if [ "$(id -u)" = 0 ]; then
		# run as root, nginx's workers are another user, who may not reach a private folder such as /root: their
		# temporary files (a large request body) need a prefix all can reach
		nginx_temp_prefix="$(mktemp -d -t deferno-quickstart-nginx.XXXXXX)"
		prefix="$nginx_temp_prefix"
	fi
	# on loopback, as the applications: the gateway's http origin is for this machine only
	NGINX_PORT="127.0.0.1:$NGINX_PORT" AUTH_UPSTREAM="127.0.0.1:$AUTH_PORT" MCP_UPSTREAM="127.0.0.1:$MCP_PORT" \
		NGINX_ACCESS_LOG="$log_dir/nginx-access.log" nginx/render.sh local "$prefix"
	# nginx's own error log goes to the named log folder too
	sed -e "s|^error_log logs/error.log|error_log $log_dir/nginx-error.log|" \
		"$prefix/nginx.conf" >"$prefix/nginx.conf.tmp" && mv "$prefix/nginx.conf.tmp" "$prefix/nginx.conf"
	start nginx "$log_dir/nginx.log" nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$log_dir/nginx-error.log"
	await nginx "http://127.0.0.1:$NGINX_PORT/healthz"
fi

# --- how to use it --------------------------------------------------------------------------------------------------
cat <<EOF

  Deferno MCP gateway is running.

  MCP URL:          $mcp_url
  Issuer:           $issuer
  Storage:          $storage
  Deferno:          sandbox simulator at $deferno_api
  Sandbox sign-ins: alice / sandbox    bob / sandbox
  Logs:             $log_dir
  Health:           $auth_health (auth server)
                    $mcp_health (resource server)

  Connect a client:
    MCP Inspector:  npx @modelcontextprotocol/inspector
                    then Transport "Streamable HTTP", URL $mcp_url, "Connect"
    Claude Code:    claude mcp add --transport http deferno $mcp_url
                    then /mcp in Claude Code to sign in

  Press Ctrl-C to stop everything.
EOF
if [ "$use_nginx" = false ] && [ "${QUICKSTART_NGINX:-auto}" = off ]; then
	say "QUICKSTART_NGINX=off: the services are used directly"
elif [ "$use_nginx" = false ]; then
	say "nginx not found on the PATH: the services are used directly (install nginx for the single origin on :$NGINX_PORT)"
fi

# Wait until a signal arrives or one of the processes ends on its own ("sleep & wait" lets the traps run at once).
while true; do
	for i in "${!pids[@]}"; do
		if ! kill -0 "${pids[$i]}" 2>/dev/null; then
			status=0
			wait "${pids[$i]}" 2>/dev/null || status=$?
			# Ctrl-C reaches every process of the terminal's group, and one may end before this script's trap runs
			# (nginx at once, with 0; a JVM with 130): stopping as asked, not a failure
			if [ "$status" -eq 0 ] || [ "$status" -eq 130 ]; then
				stop_all
				exit 130
			fi
			say "${names[$i]} stopped unexpectedly (exit $status); see its log in $log_dir"
			exit 1
		fi
	done
	sleep 1 &
	sleeper=$!
	wait "$sleeper" || true
done
