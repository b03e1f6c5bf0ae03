# Sourced by the scripts that start servers on loopback:
#   free_ports [N]   prints the first port of a block of N consecutive free loopback
#                    ports (default 1), so that what a script starts never takes ports a
#                    running stack already holds. Chosen below Linux's ephemeral range
#                    (32768-60999), where the kernel picks outgoing connections' ports,
#                    as the Swift tests' CEOProcess.freePort does.
free_ports() {
  python3 - "${1:-1}" <<'PY'
import random, socket, sys
count = int(sys.argv[1])
for _ in range(500):
    base = random.randrange(20000, 32768 - count)
    sockets = []
    try:
        for port in range(base, base + count):
            s = socket.socket()
            s.bind(("127.0.0.1", port))
            sockets.append(s)
    except OSError:
        continue
    finally:
        for s in sockets: s.close()
    print(base)
    break
else:
    sys.exit("no block of %d free ports found" % count)
PY
}
