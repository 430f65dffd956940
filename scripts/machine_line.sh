# Sourced by the bench scripts: machine_line prints the host a run's figures come from: cores, CPU
# model and clock, when the machine (a VM here) last booted, and the load average now. Figures of
# one build differ by ~25% between boots of this VM with the same `python3 -c pass` time (Round 14
# in docs/performance-log.md), so a figure is only compared with figures of the same boot.
machine_line() {
  local model mhz
  model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
  mhz=$(sed -n 's/^cpu MHz[[:space:]]*: \([0-9]*\).*/\1/p' /proc/cpuinfo 2>/dev/null | head -1)
  echo "machine: $(nproc) cores (${model:-unknown CPU}${mhz:+, $mhz MHz}), up since $(uptime -s 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
}
