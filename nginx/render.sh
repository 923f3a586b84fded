#!/usr/bin/env bash
# Lays out a runnable nginx prefix from this folder, the way the nginx image does it from /etc/nginx/templates:
#   nginx/render.sh local|tls PREFIX     (reads NGINX_PORT, AUTH_UPSTREAM, MCP_UPSTREAM, optional NGINX_RESOLVER,
#                                       NGINX_ACCESS_LOG, NGINX_TRUSTED_PROXY, MCP_ALLOWED_ORIGINS and NGINX_MCP_RATE;
#                                       tls also NGINX_TLS_PORT,
#                                       PUBLIC_URL, NGINX_CERT_DIR and optional PUBLIC_HOST, PUBLIC_URL's host)
# then: nginx -p PREFIX -c PREFIX/nginx.conf -e PREFIX/logs/error.log
# Only the template's own variables are substituted; nginx's ($host, $scheme, ...) are left alone.
set -euo pipefail

mode="${1:?usage: render.sh local|tls PREFIX}"
prefix="${2:?usage: render.sh local|tls PREFIX}"
here="$(cd "$(dirname "$0")" && pwd)"
template="$here/templates/$mode/default.conf.template"
[ -f "$template" ] || { echo "render.sh: no template for mode '$mode' ($template)" >&2; exit 2; }

# Defaults for running outside the image: the access log in the prefix; a DNS server only matters for upstream host
# names marked "resolve" (loopback addresses, as quickstart.sh and the tests use, are never resolved).
: "${NGINX_ACCESS_LOG:=logs/access.log}"
: "${NGINX_RESOLVER:=127.0.0.1}"
export NGINX_ACCESS_LOG NGINX_RESOLVER
# a list of load balancers as the image takes it (none set: nginx's peer is the client)
. "$here/docker-entrypoint.d/15-deferno-trusted-proxies.envsh" || exit 2

# AUTH_UPSTREAM and MCP_UPSTREAM may list several servers, comma-separated: one "server" line each, round-robin
. "$here/docker-entrypoint.d/16-deferno-upstreams.envsh" || exit 2

# the origins the resource server allows (MCP_ALLOWED_ORIGINS, optional) as a map's entries
. "$here/docker-entrypoint.d/17-deferno-mcp-origins.envsh" || exit 2

# tls: an https PUBLIC_URL, and PUBLIC_HOST its host (by default), as compose's NGINX_MODE has the image check them
NGINX_MODE="$mode"
export NGINX_MODE
. "$here/docker-entrypoint.d/18-deferno-public-host.envsh" || exit 2

# the rate of /mcp requests per caller (NGINX_MCP_RATE, optional: 600r/m)
. "$here/docker-entrypoint.d/19-deferno-mcp-rate.envsh" || exit 2

vars=(NGINX_PORT AUTH_UPSTREAM MCP_UPSTREAM NGINX_RESOLVER NGINX_ACCESS_LOG NGINX_TRUSTED_PROXY MCP_ALLOWED_ORIGINS
	NGINX_MCP_RATE)
[ "$mode" = tls ] && vars+=(NGINX_TLS_PORT PUBLIC_HOST PUBLIC_URL NGINX_CERT_DIR)
for var in "${vars[@]}"; do
  [ -n "${!var:-}" ] || { echo "render.sh: $var must be set for mode '$mode'" >&2; exit 2; }
done

mkdir -p "$prefix/conf.d" "$prefix/logs" "$prefix/temp"
# nginx workers may run as another user (nobody) when started as root: they must reach the temp folders
chmod 755 "$prefix"
cp "$here/nginx.conf" "$prefix/nginx.conf"
rm -rf "$prefix/deferno" && cp -R "$here/deferno" "$prefix/deferno"

if command -v envsubst >/dev/null; then
  envsubst "$(printf '${%s} ' "${vars[@]}")" <"$template" >"$prefix/conf.d/default.conf"
else
  script=()
  for var in "${vars[@]}"; do
    value="$(printf '%s' "${!var}" | sed 's/[&|\\]/\\&/g')"
    script+=(-e "s|\${$var}|$value|g")
  done
  sed "${script[@]}" <"$template" >"$prefix/conf.d/default.conf"
fi
