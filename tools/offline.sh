#!/bin/sh
# Run a command with the network cut off: only loopback (127.0.0.1, ::1) works.
#
#   tools/offline.sh COMMAND [ARGS...]     e.g.  tools/offline.sh make test
#   tools/offline.sh --check               exit 0 if this machine can do it, else say why
#
# The command runs in a new, empty network namespace (Linux, util-linux `unshare`): it has
# only a loopback interface, which this script brings up; every other address is
# unreachable at once (ENETUNREACH, no time-outs). Servers the command starts itself on
# 127.0.0.1 (JupyterLab, a test server) work as usual; services of the host do not.
#
# As root: `unshare --net` (the command stays the real root). Otherwise, or when that is
# refused: `unshare --net --map-root-user` (needs unprivileged user namespaces; the command
# then runs as root of a user namespace, uid 0 inside, with no more rights outside).
# Neither possible (e.g. a container without CAP_SYS_ADMIN): exit 125 and say why.
set -eu

if [ "${1:-}" = "--inside" ]; then  # second stage, inside the new namespace
    shift
    if command -v ip >/dev/null 2>&1; then
        ip link set lo up
    else  # no iproute2: the same through an ioctl (SIOCGIFFLAGS / SIOCSIFFLAGS, IFF_UP)
        python3 - <<'EOF'
import fcntl, socket, struct
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    flags = struct.unpack("16sH14x", fcntl.ioctl(s, 0x8913, struct.pack("16sH14x", b"lo", 0)))[1]
    fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", flags | 0x1))
EOF
    fi
    [ $# -gt 0 ] || exit 0  # a probe: the namespace works
    exec "$@"
fi

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]   (or --check)" >&2
    exit 2
fi
if [ "$(uname -s)" != "Linux" ] || ! command -v unshare >/dev/null 2>&1; then
    echo "offline.sh: needs Linux and unshare (util-linux)" >&2
    exit 125
fi

self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
check=0
[ "$1" != "--check" ] || check=1

tried=""
for opts in "--net" "--net --map-root-user"; do
    if [ "$opts" = "--net" ] && [ "$(id -u)" -ne 0 ]; then
        continue
    fi
    # try the namespace without the command first, so that a failing command is not taken for a
    # failing unshare (and the command runs once)
    # shellcheck disable=SC2086
    if out=$(unshare $opts sh "$self" --inside 2>&1); then
        if [ $check -eq 1 ]; then
            echo "offline.sh: ok (unshare $opts)"
            exit 0
        fi
        # shellcheck disable=SC2086
        exec unshare $opts sh "$self" --inside "$@"
    fi
    tried="$tried
  unshare $opts: $out"
done
echo "offline.sh: cannot make a network namespace here:$tried
  In a container: give it CAP_SYS_ADMIN (docker run --cap-add SYS_ADMIN --security-opt seccomp=unconfined,
  or --privileged). As a user: allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1;
  on Ubuntu 24.04 also kernel.apparmor_restrict_unprivileged_userns=0), or run as root." >&2
exit 125
