#!/usr/bin/env bash
# Integration test on a real Slurm cluster: a one-node cluster on localhost (munge, slurmctld, slurmd
# from Debian's packages), a sharded `spares compare` submitted as an `sbatch --array`, `spares merge`
# of the shards, and a byte comparison of results.json with the same run on this machine.
#
# Run by `make test-cluster` (and by `make test` in CI). Installs what is missing with apt-get; starts
# the daemons in the foreground of background jobs with a minimal slurm.conf (proctrack/linuxproc,
# task/none, sched/builtin, no accounting) in a temporary directory, and stops them by their PIDs on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# The binary under test: SPARES_BIN, else the debug build `make test` just made, else a release build.
spares=${SPARES_BIN:-}
if [ -z "$spares" ]; then
  if [ -x "$root/.build/debug/spares" ]; then spares="$root/.build/debug/spares"; else spares="$root/.build/release/spares"; fi
fi
tasks=${SPARES_CLUSTER_TASKS:-4}
replications=${SPARES_CLUSTER_REPLICATIONS:-12}

have() { command -v "$1" >/dev/null 2>&1; }
if ! have slurmctld || ! have slurmd || ! have sbatch || ! have munged; then
  if [ "$(id -u)" -ne 0 ] && ! have sudo; then
    echo "slurm-array: SKIPPED: Slurm is not installed and installing it needs root or sudo" >&2
    exit 0
  fi
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "slurm-array: installing slurmctld slurmd slurm-client munge with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
fi
[ -x "$spares" ] || swift build -c release --product spares >/dev/null

work=$(mktemp -d /tmp/spares-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# munge: a key of our own and a daemon on a socket of our own.
mkdir -p "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 711 "$work/munge"; chmod 600 "$work/munge/munge.key"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$work/munge/socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" \
  >"$work/munge/munged.out" 2>&1 &
pids+=($!)

host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/state" "$work/spool" "$work/log"
cat > "$work/slurm.conf" <<CONF
ClusterName=spares-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmctldPort=16817
SlurmdPort=16818
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"

start=$(date +%s.%N)
slurmctld -D -f "$SLURM_CONF" >"$work/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$work/log/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do
  if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)'; then break; fi
  sleep 0.05
done
if ! sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)'; then
  echo "slurm-array: the one-node cluster did not come up" >&2
  tail -n 20 "$work/log/"* >&2 || true
  exit 1
fi
up=$(date +%s.%N)
echo "slurm-array: cluster up in $(awk -v a="$start" -v b="$up" 'BEGIN { printf "%.2f", b - a }') s"

cat > "$work/job.sh" <<JOB
#!/usr/bin/env bash
set -euo pipefail
cd "$root"
"$spares" compare Models/minimal --replications $replications --seed 7 --out "$work/out/shard-\$SLURM_ARRAY_TASK_ID" --quiet
JOB
chmod +x "$work/job.sh"
mkdir -p "$work/out"
submitted=$(date +%s.%N)
job=$(sbatch --parsable --array=0-$((tasks - 1)) --output="$work/log/task-%a.out" "$work/job.sh")
# Poll the queue (sbatch --wait polls only every few seconds, which would be most of what we measure).
for _ in $(seq 1 1200); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 0.05
done
finished=$(date +%s.%N)
for i in $(seq 0 $((tasks - 1))); do
  if [ ! -f "$work/out/shard-$i/results.json" ]; then
    echo "slurm-array: FAILED: array task $i left no results" >&2
    cat "$work/log/task-$i.out" >&2 || true
    exit 1
  fi
done
echo "slurm-array: $tasks-task array ran in $(awk -v a="$submitted" -v b="$finished" 'BEGIN { printf "%.2f", b - a }') s"

"$spares" merge "$work"/out/shard-* --out "$work/merged" >/dev/null
"$spares" compare Models/minimal --replications "$replications" --seed 7 --out "$work/local" --quiet >/dev/null
if cmp -s "$work/merged/results.json" "$work/local/results.json" && cmp -s "$work/merged/replications.csv" "$work/local/replications.csv"; then
  echo "slurm-array: merged results of $tasks shards equal the local run, byte for byte"
else
  echo "slurm-array: FAILED: merged results differ from the local run" >&2
  diff <(python3 -m json.tool "$work/merged/results.json") <(python3 -m json.tool "$work/local/results.json") | head -20 >&2 || true
  exit 1
fi
