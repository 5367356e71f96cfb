package io.faunus.server;

import io.faunus.model.query.QueryEngine;

/** What every request handler of a node shares. */
record Services(QueryEngine engine, QueryExecutor executor, Cors cors, Drain drain, OpenStreams streams,
                BackupRoutes backups) {}
