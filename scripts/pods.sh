# Shared by bench.sh, soak.sh and overload.sh (sourced): installs wrk and nginx when missing, waits for a syncer to
# be ready, and starts one nginx master serving
# COUNT "pods" on consecutive loopback ports, each answering 200 to a token with PREFIX and 401 to any other.
# Usage (after defining WORK): start_pods FIRST_PORT COUNT PREFIX

ensure_load_tools() {
  if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq wrk nginx >/dev/null
  fi
}

# Waits (up to 20 s) until the syncer on PORT is ready. Usage: wait_ready PORT
wait_ready() {
  local _
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return 0
    sleep 0.2
  done
  return 1
}

start_pods() {
  local first="$1" count="$2" prefix="$3" i
  {
    echo "worker_processes 1; worker_rlimit_nofile 65536; pid $WORK/nginx.pid; error_log $WORK/error.log;"
    echo "events { worker_connections 16384; }"
    echo "http { access_log off; client_body_temp_path $WORK/b; proxy_temp_path $WORK/p; fastcgi_temp_path $WORK/f; uwsgi_temp_path $WORK/u; scgi_temp_path $WORK/s;"
    echo "  map \$http_authorization \$known { \"~^Bearer $prefix\" 1; default 0; }"
    for i in $(seq 0 $((count - 1))); do
      echo "  server { listen 127.0.0.1:$((first + i)); keepalive_requests 1000000; location / { if (\$known) { return 200; } return 401; } }"
    done
    echo "}"
  } > "$WORK/nginx.conf"
  nginx -p "$WORK" -c "$WORK/nginx.conf"
}
