-- wrk reports 50/75/90/99 percentiles; this prints the ones bench/load.py reads, in milliseconds.
done = function(summary, latency, requests)
  io.write(string.format("CIVAC median_ms=%.3f p95_ms=%.3f requests=%d errors=%d seconds=%.3f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.duration / 1000000))
end
