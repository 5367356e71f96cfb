package io.faunus.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * PNG plots of a {@link Bench} run with Java2D (headless; no charting dependency): one image per workload with
 * three grouped bar panels by client count, Faunus beside PostgreSQL: throughput, operations per server
 * CPU-second, and p99 latency.
 */
final class Plot {
  private static final int PANEL_W = 420;
  private static final int PANEL_H = 330;
  private static final Color FAUNUS = new Color(0x3b, 0x6e, 0xd1);
    private static final Color POSTGRES = new Color(0xe0, 0x8a, 0x2c);

  private Plot() {}

  private record Panel(String title, ToDoubleFunction<Cell> value) {}

  static List<Path> write(List<Cell> cells, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Panel> panels = List.of(new Panel("ops/s", Cell::opsPerSec),
        new Panel("ops per server CPU-second", Cell::opsPerCpuSec),
        new Panel("p99 latency, ms", c -> c.p99() / 1000.0));
    List<Path> out = new ArrayList<>();
    for (Workload w : Workload.values()) {
      List<Cell> mine = cells.stream().filter(c -> c.workload() == w).toList();
      if (mine.isEmpty()) continue;
      List<Integer> clients = mine.stream().map(Cell::clients).distinct().sorted().toList();
      BufferedImage img = new BufferedImage(PANEL_W * panels.size(), PANEL_H + 40, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(w.id + ": Faunus (blue) and PostgreSQL (orange) by clients", 16, 24);
      for (int i = 0; i < panels.size(); i++) panel(g, panels.get(i), mine, clients, i * PANEL_W, 40);
      g.dispose();
      Path file = dir.resolve(w.id + ".png");
      ImageIO.write(img, "png", file.toFile());
      out.add(file);
    }
    return out;
  }

  private static void panel(Graphics2D g, Panel p, List<Cell> cells, List<Integer> clients, int x0, int y0) {
    int left = x0 + 60;
    int right = x0 + PANEL_W - 16;
    int top = y0 + 30;
    int bottom = y0 + PANEL_H - 40;
    double max = cells.stream().mapToDouble(p.value()).filter(Double::isFinite).max().orElse(1);
    if (max <= 0) max = 1;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.BLACK);
    g.drawString(p.title(), left, y0 + 16);
    g.setStroke(new BasicStroke(1));
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    for (int t = 0; t <= 4; t++) { // y axis: 0, 25, 50, 75, 100% of the maximum
      int y = bottom - (bottom - top) * t / 4;
      g.setColor(new Color(0xdd, 0xdd, 0xdd));
      g.drawLine(left + 1, y, right, y);
      g.setColor(Color.BLACK);
      g.drawString(num(max * t / 4), x0 + 4, y + 4);
    }
    int group = (right - left) / clients.size();
    int bar = Math.min(48, (group - 16) / 2);
    for (int i = 0; i < clients.size(); i++) {
      int c = clients.get(i);
      int gx = left + i * group + (group - 2 * bar) / 2;
      for (int peer = 0; peer < 2; peer++) {
        String name = peer == 0 ? "faunus" : "postgres";
        double v = cells.stream().filter(x -> x.peer().equals(name) && x.clients() == c).mapToDouble(p.value())
            .findFirst().orElse(Double.NaN);
        if (!Double.isFinite(v)) continue;
        int h = (int) Math.round((bottom - top) * v / max);
        int bx = gx + peer * bar;
        g.setColor(peer == 0 ? FAUNUS : POSTGRES);
        g.fillRect(bx, bottom - h, bar - 2, h);
        g.setColor((peer == 0 ? FAUNUS : POSTGRES).darker());
        g.drawString(num(v), bx, bottom - h - 3);
      }
      g.setColor(Color.BLACK);
      g.drawString(c + (c == 1 ? " client" : " clients"), gx, bottom + 16);
    }
  }

  private static String num(double v) {
    if (v >= 10_000) return String.format(Locale.ROOT, "%.0fk", v / 1000);
    if (v >= 100) return String.format(Locale.ROOT, "%.0f", v);
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
