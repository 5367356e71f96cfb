package io.faunus.server;

import io.faunus.server.metrics.Samples;
import java.io.PrintStream;

/** The key figures of a node's /metrics, as {@code faunus admin status} prints them for a person. */
final class StatusSummary {
  private StatusSummary() {}

  static void print(Samples m, PrintStream out) {
    double queries = m.sum("faunus_queries_total", l -> true);
    double failed = m.sum("faunus_queries_total", l -> !"ok".equals(l.get("code")));
    double requests = m.sum("faunus_requests_seconds_count", l -> "query".equals(l.get("endpoint")));
    double requestSeconds = m.sum("faunus_requests_seconds_sum", l -> "query".equals(l.get("endpoint")));
    double commits = m.value("faunus_commits_total");
    double entries = m.value("faunus_log_entries_total");
    double writeSeconds = m.value("faunus_storage_write_seconds_total");
    out.printf("  up %.0f s; queries %.0f (%.0f failed), mean %.1f ms; contention retries %.0f%n",
        m.value("faunus_process_uptime_seconds"), queries, failed, requests == 0 ? 0 : requestSeconds * 1000 / requests,
        m.value("faunus_query_contention_retries_total"));
    out.printf("  commits %.0f in %.0f log entries (%.1f a group), mean write+fsync %.2f ms, conflicts %.0f%n",
        commits, entries, entries == 0 ? 0 : commits / entries, entries == 0 ? 0 : writeSeconds * 1000 / entries,
        m.value("faunus_commit_conflicts_total"));
    out.printf("  now: %.0f connections, %.0f streams, %.0f queries running, %.0f waiting, %.0f commits queued%n",
        m.value("faunus_connections_open"), m.value("faunus_streams_open"), m.value("faunus_query_running"),
        m.value("faunus_query_queue_depth"), m.value("faunus_commit_queue_depth"));
    out.printf("  storage: ~%.0f keys, %.1f MiB in SST files, %.1f MiB in memtables; heap %.0f MiB used%n",
        m.value("faunus_rocksdb_estimate_num_keys"), m.value("faunus_rocksdb_total_sst_files_size") / (1 << 20),
        m.value("faunus_rocksdb_cur_size_all_mem_tables") / (1 << 20),
        m.sum("faunus_jvm_memory_used_bytes", l -> "heap".equals(l.get("area"))) / (1 << 20));
  }
}
