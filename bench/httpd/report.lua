-- bench/httpd/report.lua - wrk -s: at the end of a run, wrk's own totals
-- as one line of key=value figures, exact (wrk's summary rounds them), so
-- run.sh can divide the server's CPU time by the requests completed.

done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "wrk: requests=%d bytes=%d duration_us=%d connect_errors=%d " ..
        "read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
        summary.requests, summary.bytes, summary.duration, e.connect,
        e.read, e.write, e.status, e.timeout))
end
