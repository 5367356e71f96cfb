package io.faunus.verify;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Latency over time as a PNG: one dot per completed operation (x = when it was invoked, y = how long it took,
 * log scale), coloured by outcome, with the faults shaded behind. Drawn with java.awt, headless.
 */
final class LatencyPlot {
  private LatencyPlot() {}

  static final int WIDTH = 1400, HEIGHT = 700;
  static final int LEFT = 80, RIGHT = 30, TOP = 50, BOTTOM = 60;
  static final double LATENCY_MS_MIN = 0.5;
  static final Map<Op.Type, Color> OUTCOME = Map.of(Op.Type.OK, new Color(30, 90, 200), Op.Type.FAIL,
      new Color(240, 150, 20), Op.Type.INFO, new Color(210, 30, 30));
  static final Map<Nemesis.Kind, Color> FAULT = Map.of(Nemesis.Kind.kill, new Color(255, 80, 80, 50),
      Nemesis.Kind.pause, new Color(230, 200, 0, 60), Nemesis.Kind.partition, new Color(150, 80, 220, 50),
      Nemesis.Kind.asymmetric, new Color(60, 160, 230, 50), Nemesis.Kind.clock, new Color(60, 190, 120, 50),
      Nemesis.Kind.wipe, new Color(120, 120, 120, 60));

  static <V> void write(Path file, String title, History<V> history, List<Nemesis.Fault> faults, long runNs)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      draw(g, title, history, faults, runNs);
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private static <V> void draw(Graphics2D g, String title, History<V> history, List<Nemesis.Fault> faults, long runNs) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    long endNs = runNs;
    double maxMs = 1_000;
    for (Pair<V> p : history.pairs()) {
      if (p.completion() == null) continue;
      endNs = Math.max(endNs, p.completion().timeNs());
      maxMs = Math.max(maxMs, (p.completion().timeNs() - p.invokeNs()) / 1e6);
    }
    double xMaxS = Math.max(1, endNs / 1e9);
    double yMax = Math.log10(maxMs * 1.5), yMin = Math.log10(LATENCY_MS_MIN);
    int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
    java.util.function.DoubleUnaryOperator x = s -> LEFT + s / xMaxS * plotW;
    java.util.function.DoubleUnaryOperator y = ms -> TOP + plotH - (Math.log10(Math.max(ms, LATENCY_MS_MIN)) - yMin) / (yMax - yMin) * plotH;

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (Nemesis.Fault f : faults) {
      int x0 = (int) x.applyAsDouble(f.startNs() / 1e9), x1 = (int) x.applyAsDouble(Math.min(f.endNs(), endNs) / 1e9);
      g.setColor(FAULT.get(f.kind()));
      g.fillRect(x0, TOP, Math.max(1, x1 - x0), plotH);
      g.setColor(Color.DARK_GRAY);
      g.drawString(f.kind() + " " + String.join(",", f.nodes()), x0 + 2, TOP + 12 + 12 * (faults.indexOf(f) % 3));
    }
    // Axes, decades on y, ~10 ticks on x.
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    for (double d = Math.ceil(yMin); d <= yMax; d++) {
      int yy = (int) y.applyAsDouble(Math.pow(10, d));
      g.setColor(new Color(225, 225, 225));
      g.drawLine(LEFT + 1, yy, LEFT + plotW - 1, yy);
      g.setColor(Color.BLACK);
      g.drawString(label(Math.pow(10, d)), 10, yy + 4);
    }
    double step = niceStep(xMaxS / 10);
    for (double s = 0; s <= xMaxS; s += step) {
      int xx = (int) x.applyAsDouble(s);
      g.drawLine(xx, TOP + plotH, xx, TOP + plotH + 5);
      g.drawString(String.format("%.0f", s), xx - 8, TOP + plotH + 18);
    }
    g.drawString("time since start (s)", LEFT + plotW / 2 - 50, HEIGHT - 15);
    g.drawString("latency", 10, TOP - 10);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, LEFT, 25);

    for (Pair<V> p : history.pairs()) {
      if (p.completion() == null) continue;
      double ms = (p.completion().timeNs() - p.invokeNs()) / 1e6;
      g.setColor(OUTCOME.get(p.outcome()));
      int xx = (int) x.applyAsDouble(p.invokeNs() / 1e9), yy = (int) y.applyAsDouble(ms);
      if (p.outcome() == Op.Type.OK) g.fillOval(xx - 2, yy - 2, 4, 4);
      else {
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(xx - 3, yy - 3, xx + 3, yy + 3);
        g.drawLine(xx - 3, yy + 3, xx + 3, yy - 3);
      }
    }
    legend(g);
  }

  private static void legend(Graphics2D g) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int xx = WIDTH - RIGHT - 3 * 60 - Nemesis.Kind.values().length * 90, yy = 20;
    for (Op.Type t : List.of(Op.Type.OK, Op.Type.FAIL, Op.Type.INFO)) {
      g.setColor(OUTCOME.get(t));
      g.fillRect(xx, yy - 9, 10, 10);
      g.setColor(Color.BLACK);
      g.drawString(t.name().toLowerCase(), xx + 14, yy);
      xx += 60;
    }
    for (Nemesis.Kind k : Nemesis.Kind.values()) {
      Color c = FAULT.get(k);
      g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 140));
      g.fillRect(xx, yy - 9, 10, 10);
      g.setColor(Color.BLACK);
      g.drawString(k.name(), xx + 14, yy);
      xx += 90;
    }
  }

  private static String label(double ms) {
    return ms >= 1000 ? String.format("%.0f s", ms / 1000) : ms >= 1 ? String.format("%.0f ms", ms) : String.format("%.1f ms", ms);
  }

  private static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw) return m * p;
    return 10 * p;
  }
}
