#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the tests of Submit-CellJob -Scheduler Slurm and for trying
# the commands a lab runs on its own cluster. Debian/Ubuntu, as root.
#
#   bash eng/slurm.sh start    installs slurmctld, slurmd, slurm-client and munge with apt where missing, writes
#                              a one-node configuration into $CELLOPS_SLURM_DIR (default /tmp/cellops-slurm),
#                              starts munged (unless one already answers), slurmctld and slurmd, and waits until
#                              sinfo shows the node ready
#   bash eng/slurm.sh stop     stops the daemons this script started (by the PIDs it recorded)
#   bash eng/slurm.sh status   prints the node's state; exit status 0 where it can take jobs
#   bash eng/slurm.sh env      prints the export line that points Slurm's commands at this cluster
#
# /etc/slurm is never touched: the commands find the configuration through SLURM_CONF, so run
#   export SLURM_CONF=/tmp/cellops-slurm/slurm.conf
# (what `env` prints) before sinfo, sbatch or Submit-CellJob -Scheduler Slurm. Starting twice is harmless.
set -uo pipefail

dir=${CELLOPS_SLURM_DIR:-/tmp/cellops-slurm}
conf=$dir/slurm.conf
started=$dir/started.pids
export SLURM_CONF=$conf

say() { echo "slurm.sh: $*" >&2; }

ready() {
    local state
    state=$(sinfo -h -o '%T' 2>/dev/null | head -n1)
    [[ $state =~ ^(idle|mixed|allocated|completing) ]]
}

alive() { [ -n "${1:-}" ] && [ -d "/proc/$1" ]; }

install_packages() {
    local need=()
    command -v slurmctld >/dev/null || need+=(slurmctld)
    command -v slurmd >/dev/null || need+=(slurmd)
    command -v sbatch >/dev/null || need+=(slurm-client)
    command -v munged >/dev/null || need+=(munge)
    ((${#need[@]})) || return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        say "Slurm is not installed and this is not root on a Debian/Ubuntu machine: install ${need[*]} yourself"
        return 1
    fi
    say "installing ${need[*]}"
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 || {
        say "apt-get could not install ${need[*]}"
        return 1
    }
    # The packages start their own services on some systems; this cluster runs its own daemons.
    for service in slurmctld slurmd; do
        command -v systemctl >/dev/null && systemctl stop "$service" >/dev/null 2>&1
    done
    return 0
}

write_config() {
    local host cpus memory
    host=$(hostname -s)
    cpus=$(nproc)
    # What the node offers jobs: most of the machine's memory, leaving room for the daemons and the session.
    memory=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)
    mkdir -p "$dir/state" "$dir/spool" "$dir/log"
    cat >"$conf.tmp" <<EOF
# One-node CellOps test cluster (eng/slurm.sh); every path is under $dir.
ClusterName=cellops
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=${CELLOPS_SLURM_PORT:-6817}
SlurmdPort=$(( ${CELLOPS_SLURM_PORT:-6817} + 1 ))
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
    mv "$conf.tmp" "$conf"
}

start() {
    if [ -f "$conf" ] && ready; then
        say "already running ($(sinfo -h -o '%n %T' | head -n1)); export SLURM_CONF=$conf"
        return 0
    fi
    install_packages || return 1
    mkdir -p "$dir"
    write_config
    : >>"$started"

    if ! (munge -n 2>/dev/null | unmunge >/dev/null 2>&1); then
        mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null
        runuser -u munge -- /usr/sbin/munged --force >/dev/null 2>&1 || { say "munged did not start"; return 1; }
        local munge_pid
        for _ in $(seq 1 20); do
            munge_pid=$(cat /run/munge/munged.pid 2>/dev/null) && [ -n "$munge_pid" ] && break
            sleep 0.2
        done
        [ -n "${munge_pid:-}" ] && echo "munged $munge_pid" >>"$started"
    fi

    alive "$(cat "$dir/slurmctld.pid" 2>/dev/null)" || {
        /usr/sbin/slurmctld -i -f "$conf" || { say "slurmctld did not start: see $dir/log/slurmctld.log"; return 1; }
        sleep 0.5
        echo "slurmctld $(cat "$dir/slurmctld.pid" 2>/dev/null)" >>"$started"
    }
    alive "$(cat "$dir/slurmd.pid" 2>/dev/null)" || {
        /usr/sbin/slurmd -f "$conf" || { say "slurmd did not start: see $dir/log/slurmd.log"; return 1; }
        sleep 0.5
        echo "slurmd $(cat "$dir/slurmd.pid" 2>/dev/null)" >>"$started"
    }

    local timeout=${CELLOPS_SLURM_TIMEOUT:-60}
    for _ in $(seq 1 $((timeout * 2))); do
        if ready; then
            say "node ready ($(sinfo -h -o '%n %T %c CPUs %m MB' | head -n1)); export SLURM_CONF=$conf"
            return 0
        fi
        sleep 0.5
    done
    say "the node did not become ready within ${timeout} s (sinfo: $(sinfo -h -o '%n %T' 2>&1 | head -n1)); logs in $dir/log"
    return 1
}

stop() {
    [ -f "$started" ] || { say "nothing started here"; return 0; }
    # The daemons this script started, newest first, each by its recorded PID.
    tac "$started" | while read -r name pid; do
        alive "$pid" || continue
        if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$name" ]; then continue; fi
        kill "$pid" 2>/dev/null
        for _ in $(seq 1 20); do alive "$pid" || break; sleep 0.25; done
        alive "$pid" && kill -9 "$pid" 2>/dev/null
        say "stopped $name ($pid)"
    done
    rm -f "$started"
    return 0
}

status() {
    if [ -f "$conf" ] && ready; then
        sinfo -h -o '%n %T %c CPUs %m MB'
        return 0
    fi
    echo "not running"
    return 1
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) echo "export SLURM_CONF=$conf" ;;
    *) echo "usage: bash eng/slurm.sh start|stop|status|env" >&2; exit 2 ;;
esac
