package io.faunus.server;

import io.faunus.model.query.QueryEngine;
import io.faunus.server.console.ConsoleFiles;
import io.faunus.server.logging.QueryLog;
import io.faunus.server.metrics.Metrics;

/** What every request handler of a node shares. */
record Services(QueryEngine engine, QueryExecutor executor, Cors cors, Drain drain, OpenStreams streams,
                Metrics metrics, QueryLog queryLog, boolean metricsPublic, ConsoleFiles console,
                BackupRoutes backups) {}
