package io.faunus.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Gives memory back to the OS once the node is idle. G1 shrinks the heap only after a collection, and an
 * idle node collects nothing: after one large query the node kept gigabytes committed for as long as it
 * stayed idle. A periodic collection (a concurrent cycle, only when none ran for the interval) returns it.
 */
final class IdleHeap {
  private IdleHeap() {}

  /** How long the node may go without a collection before one runs to shrink the heap. */
  static final long IDLE_COLLECTION_INTERVAL_MS = 60_000;
  private static final String FLAG = "G1PeriodicGCInterval";

  /**
   * Turns on G1's periodic collection unless the operator chose a value (or another collector is in use,
   * when the flag does not exist or cannot be changed). Returns whether the interval is now in effect.
   */
  static boolean enablePeriodicCollection() {
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      var flag = vm.getVMOption(FLAG);
      if (!flag.getOrigin().equals(com.sun.management.VMOption.Origin.DEFAULT)) {
        return !flag.getValue().equals("0");
      }
      vm.setVMOption(FLAG, Long.toString(IDLE_COLLECTION_INTERVAL_MS));
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
      return false; // not HotSpot's G1: its own defaults apply
    }
  }
}
