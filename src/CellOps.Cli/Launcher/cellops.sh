#!/bin/sh
# cellops launcher: runs the CellOps host that the build puts in host/ beside this file.
self=$0
# Follow links, so that a link to this file (say in ~/.local/bin) still finds host/.
while [ -h "$self" ]; do
    target=$(readlink "$self")
    case $target in
        /*) self=$target ;;
        *) self=$(dirname "$self")/$target ;;
    esac
done
host=$(dirname "$self")/host
if [ -x "$host/cellops" ]; then
    exec "$host/cellops" "$@"
fi
# No native apphost (copied without its mode bits, or built elsewhere): go through dotnet.
exec dotnet "$host/cellops.dll" "$@"
