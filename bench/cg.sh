# bench/cg.sh - callgrind helpers shared by the scripts that split
# instructions by function (bench/switch/profile.sh,
# bench/echo/instructions.sh, bench/httpd/profile.sh).  Sourced, not run.

# A callgrind output file's instructions per function, as
# "count function" lines, each function's own (INCLUSIVE "yes": with all
# it calls): cg_functions FILE [INCLUSIVE]
cg_functions() {
    callgrind_annotate --inclusive="${2:-no}" --auto=no --threshold=100 "$1" |
        sed -n -E 's/^ *([0-9,]+) \( *[0-9.]+%\)  (.*[^ ]) +\[.*\]$/\1 \2/p
                   s/^ *([0-9,]+) \( *[0-9.]+%\)  ([^[]*[^ ])$/\1 \2/p' |
        grep -v ' PROGRAM TOTALS$' | tr -d ','
}

# The instructions of the first function whose callgrind name
# (FILE:FUNCTION) holds TEXT, with all it calls; 0 when none ran:
# cg_inclusive FILE TEXT
cg_inclusive() {
    cg_functions "$1" yes | awk -v f="$2" 'index($0, f) { print $1; n = 1; exit }
                                           END { if (!n) print 0 }'
}

# Per function, the instructions of the longer run less the shorter's,
# over N units (switches, round trips): the TOP costliest, largest first,
# then the total of all.  cg_per_unit SMALL LARGE N TOP (SMALL and LARGE:
# cg_functions' output of each run).
cg_per_unit() {
    awk -v n="$3" -v top="$4" '
        NR == FNR { small[substr($0, index($0, " ") + 1)] = $1; next }
        { fn = substr($0, index($0, " ") + 1); d = ($1 - small[fn]) / n
          if (d >= 0.05) { per[fn] = d; total += d } }
        END {
            m = 0
            for (fn in per) order[++m] = fn
            for (i = 1; i <= m; i++)          # insertion sort, largest first
                for (j = i; j > 1 && per[order[j]] > per[order[j - 1]]; j--) {
                    t = order[j]; order[j] = order[j - 1]; order[j - 1] = t }
            for (i = 1; i <= m && i <= top; i++)
                printf "  %8.1f  %s\n", per[order[i]], order[i]
            printf "  %8.1f  total\n", total
        }' "$1" "$2"
}
