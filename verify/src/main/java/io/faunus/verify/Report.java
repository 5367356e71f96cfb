package io.faunus.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The results folder of one workload: {@code history.jsonl} (one op per line), {@code faults.jsonl},
 * {@code summary.txt} (for people), {@code summary.json} (for tools) and {@code latency.png}.
 */
final class Report {
  private Report() {}

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Anomalies of each type written out in full in the summary; the rest are counted. */
  static final int SAMPLE_PER_TYPE = 10;

  static <V> void write(Path dir, Run.Settings settings, Run.Outcome outcome, History<V> history,
                        List<Nemesis.Fault> faults, long runNs) throws IOException {
    ObjectMapper line = new ObjectMapper();
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("history.jsonl"))) {
      for (Op<V> op : history.ops()) {
        ObjectNode o = line.createObjectNode();
        o.put("index", op.index()).put("process", op.process()).put("type", op.type().name().toLowerCase())
            .put("f", op.f()).put("time_ns", op.timeNs()).put("node", op.node());
        o.set("value", line.valueToTree(op.value()));
        if (op.error() != null) o.put("error", op.error());
        w.write(line.writeValueAsString(o));
        w.newLine();
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("faults.jsonl"))) {
      for (Nemesis.Fault f : faults) {
        w.write(line.writeValueAsString(f));
        w.newLine();
      }
    }
    Verdict v = outcome.verdict();
    StringBuilder text = new StringBuilder();
    text.append(outcome.line()).append('\n')
        .append("validity: ").append(v.validity()).append('\n')
        .append("settings: nodes=").append(settings.nodes()).append(" faults=").append(settings.faults())
        .append(" time-limit=").append(settings.timeLimitS()).append("s rate=").append(settings.rate())
        .append(" clients=").append(settings.clients()).append(" seed=").append(settings.seed()).append('\n')
        .append("ran for ").append(runNs / 1_000_000).append(" ms; outcomes: ")
        .append(count(history, Op.Type.OK)).append(" ok, ").append(count(history, Op.Type.FAIL)).append(" fail, ")
        .append(history.pairs().size() - count(history, Op.Type.OK) - count(history, Op.Type.FAIL)).append(" info\n")
        .append("facts: ").append(v.facts()).append('\n')
        .append("anomalies by type: ").append(v.countsByType()).append('\n');
    for (Verdict.Anomaly a : v.sample(SAMPLE_PER_TYPE)) {
      text.append("- ").append(a.type()).append(": ").append(a.explanation()).append("  ops ").append(a.ops()).append('\n');
    }
    text.append("faults:\n");
    for (Nemesis.Fault f : faults) {
      text.append(String.format("  %8.3fs .. %8.3fs  %s%n", f.startNs() / 1e9, f.endNs() / 1e9, f.detail()));
    }
    Files.writeString(dir.resolve("summary.txt"), text);
    ObjectNode json = JSON.createObjectNode();
    json.put("workload", outcome.workload()).put("ops", outcome.ops()).put("ok", outcome.ok())
        .put("anomalies", v.anomalies().size()).put("validity", v.validity().name());
    json.set("anomalies_by_type", JSON.valueToTree(v.countsByType()));
    json.set("sample", JSON.valueToTree(v.sample(SAMPLE_PER_TYPE)));
    json.set("facts", JSON.valueToTree(v.facts()));
    json.set("faults", JSON.valueToTree(faults));
    JSON.writeValue(dir.resolve("summary.json").toFile(), json);
    LatencyPlot.write(dir.resolve("latency.png"), outcome.workload(), history, faults, runNs);
  }

  private static int count(History<?> h, Op.Type t) {
    return (int) h.pairs().stream().filter(p -> p.outcome() == t).count();
  }
}
