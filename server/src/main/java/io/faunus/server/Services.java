package io.faunus.server;

import io.faunus.model.query.QueryEngine;
import io.faunus.server.console.ConsoleFiles;

/** What every request handler of a node shares. */
record Services(QueryEngine engine, QueryExecutor executor, Cors cors, Drain drain, OpenStreams streams,
                ConsoleFiles console) {}
