#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for `lab run --executor slurm` and its tests.
#
# Installs Debian's slurmctld, slurmd, slurm-client and munge (when missing), writes
# /etc/slurm/slurm.conf for one node (this machine, at 127.0.0.1), starts munged, slurmctld
# and slurmd (each only if not already running) and waits until `sinfo` shows the node idle.
# Safe to rerun. Needs root (or sudo). Tried on Debian 12, Slurm 22.05, as root, no systemd.
#
# Settings that work without cgroups or accounting: proctrack/linuxproc, task/none,
# select/cons_tres, no accounting storage, no job accounting gather.
set -euo pipefail

S=$([ "$(id -u)" = 0 ] || echo sudo)
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
   || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  $S apt-get update
  $S apt-get install -y slurmctld slurmd slurm-client munge
fi

# munged runs as the munge user, with its folders owned by it.
$S mkdir -p /run/munge /var/log/munge /var/lib/munge /etc/munge
$S chown munge:munge /run/munge /var/log/munge /var/lib/munge /etc/munge
$S chmod 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  $S dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
$S chown munge:munge /etc/munge/munge.key
$S chmod 0400 /etc/munge/munge.key
if ! pgrep -u munge -x munged >/dev/null; then
  $S runuser -u munge -- /usr/sbin/munged
fi

# The node as slurmd sees it (name, CPUs, memory), reachable at 127.0.0.1.
node=$(slurmd -C | head -1)
node_name=$(printf '%s\n' "$node" | sed -n 's/^NodeName=\([^ ]*\).*/\1/p')
node_line=$(printf '%s\n' "$node" | sed 's/^NodeName=[^ ]* /NodeName='"$node_name"' NodeAddr=127.0.0.1 /')
conf=$(cat <<CONF
# Written by scripts/slurm-dev.sh: a one-node cluster on this machine.
ClusterName=lab
SlurmctldHost=$node_name(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
# Start batch jobs as soon as they can (default: batched every 3 s, which adds ~3 s per step).
SchedulerParameters=batch_sched_delay=0
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
$node_line State=UNKNOWN
PartitionName=debug Nodes=$node_name Default=YES MaxTime=INFINITE State=UP
CONF
)
$S mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
if [ "$(cat /etc/slurm/slurm.conf 2>/dev/null)" != "$conf" ]; then
  printf '%s\n' "$conf" | $S tee /etc/slurm/slurm.conf >/dev/null
  changed=1
else
  changed=0
fi

if ! pgrep -x slurmctld >/dev/null; then $S slurmctld
elif [ "$changed" = 1 ]; then $S scontrol reconfigure; fi
if ! pgrep -x slurmd >/dev/null; then $S slurmd; fi

for _ in $(seq 1 60); do
  state=$(sinfo -h -n "$node_name" -o '%t' 2>/dev/null || true)
  case "$state" in
    idle|mix|alloc) echo "slurm: node $node_name $state"; exit 0 ;;
    down*|drain*) $S scontrol update NodeName="$node_name" State=RESUME 2>/dev/null || true ;;
  esac
  sleep 1
done
echo "slurm: node $node_name did not become idle (sinfo: ${state:-no answer}); see /var/log/slurm/" >&2
exit 1
