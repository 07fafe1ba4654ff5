#!/bin/sh
# tests/fault/blc-run.sh BLC REF IN.blc [BLC-ARGS...] - one run of
# tests/fault/walk.sh's walk of blc: translates IN.blc with BLC (the
# failing allocator's build) into a fresh file.  Exit 0: translated, and
# the output is REF (what the plain blc wrote); exit 1: failed cleanly,
# with a diagnostic ("error:") and no output file; exit 3: anything else.
blc=$1 ref=$2 in=$3
shift 3
out=$(mktemp -u "${TMPDIR:-/tmp}/blc-fault.XXXXXX").c
"$blc" "$@" "$in" -o "$out" 2>"$out.err"
rc=$?
cat "$out.err" >&2
if [ "$rc" = 0 ]; then
    cmp -s "$ref" "$out" && status=0 || { echo "blc-run: output differs from $ref" >&2; status=3; }
elif [ "$rc" = 1 ] && [ ! -e "$out" ] && grep -q 'error:' "$out.err"; then
    status=1
else
    echo "blc-run: exit $rc, output file $( [ -e "$out" ] && echo left || echo absent)" >&2
    status=3
fi
rm -f "$out" "$out.err"
exit $status
