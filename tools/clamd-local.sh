#!/usr/bin/env bash
# Start a local clamd for CI and `make run`, with a small signature file of our own.
#
# There is no internet here, so no freshclam: clamd gets the EICAR test string and the project's
# own test signature (see docs/production.md for production, where freshclam keeps the real
# databases up to date). The daemon listens on a unix socket under var/clamd/ — the default of
# JIHA_CLAMD_SOCKET — and runs as the calling user.
#
#   tools/clamd-local.sh start   # writes the configuration, starts clamd, waits for PONG
#   tools/clamd-local.sh stop
#   tools/clamd-local.sh status  # exit 0 when it answers
set -euo pipefail
cd "$(dirname "$0")/.."

DIR="${JIHA_CLAMD_DIR:-$PWD/var/clamd}"
SOCKET="${JIHA_CLAMD_SOCKET:-$DIR/clamd.sock}"
CLAMD="${CLAMD:-/usr/sbin/clamd}"
# The project's own test signature: a file holding this text is reported as infected.
TEST_TEXT="JIHA-TEST-SIGNATURE-6f1c2d9e-not-a-virus"

hex() { od -An -v -tx1 | tr -d ' \n'; }

ping_clamd() {
  python3 - "$SOCKET" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(2)
try:
    s.connect(sys.argv[1]); s.sendall(b"nPING\n")
    sys.exit(0 if s.recv(16).strip() == b"PONG" else 1)
except OSError:
    sys.exit(1)
PY
}

write_config() {
  mkdir -p "$DIR/db"
  chmod 700 "$DIR"
  # EICAR's test string, split so that this script is not itself detected.
  local eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR'
  eicar+='-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
  {
    printf 'Eicar-Test-Signature:0:0:%s\n' "$(printf '%s' "$eicar" | hex)"
    printf 'Jiha.Test.Signature:0:*:%s\n' "$(printf '%s' "$TEST_TEXT" | hex)"
  } > "$DIR/db/jiha-local.ndb"
  cat > "$DIR/clamd.conf" <<CONF
LocalSocket $SOCKET
LocalSocketMode 660
FixStaleSocket yes
DatabaseDirectory $DIR/db
PidFile $DIR/clamd.pid
LogFile $DIR/clamd.log
LogTime yes
Foreground no
StreamMaxLength 120M
MaxFileSize 120M
MaxScanSize 400M
ReadTimeout 30
CommandReadTimeout 30
SelfCheck 3600
CONF
}

case "${1:-start}" in
  start)
    if [ "${#SOCKET}" -gt 100 ]; then
      echo "socket path too long for a unix socket ($SOCKET): set JIHA_CLAMD_DIR and JIHA_CLAMD_SOCKET to a short directory" >&2
      exit 1
    fi
    if ping_clamd; then echo "clamd already answers on $SOCKET"; exit 0; fi
    if [ ! -x "$CLAMD" ]; then echo "clamd is not installed ($CLAMD): apt-get install clamav-daemon" >&2; exit 1; fi
    write_config
    rm -f "$SOCKET"
    "$CLAMD" --config-file="$DIR/clamd.conf"
    for _ in $(seq 1 60); do
      if ping_clamd; then echo "clamd answers on $SOCKET"; exit 0; fi
      sleep 0.5
    done
    echo "clamd did not answer on $SOCKET; see $DIR/clamd.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$DIR/clamd.pid" ]; then kill "$(cat "$DIR/clamd.pid")" 2>/dev/null || true; rm -f "$DIR/clamd.pid"; fi
    ;;
  status)
    ping_clamd
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2
    ;;
esac
