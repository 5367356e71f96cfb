package io.faunus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** An idle node collects periodically, so that G1 gives back the heap one large query made it commit. */
class IdleHeapTest {
  @Test
  void periodicCollectionIsOnUnlessTheOperatorChoseOtherwise() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    assumeTrue(ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(b -> b.getName().startsWith("G1")),
        "G1 in use");
    boolean chosen = !vm.getVMOption("G1PeriodicGCInterval").getOrigin().equals(com.sun.management.VMOption.Origin.DEFAULT);
    String before = vm.getVMOption("G1PeriodicGCInterval").getValue();
    assertThat(IdleHeap.enablePeriodicCollection()).isEqualTo(!chosen || !before.equals("0"));
    String after = vm.getVMOption("G1PeriodicGCInterval").getValue();
    assertThat(after).isEqualTo(chosen ? before : Long.toString(IdleHeap.IDLE_COLLECTION_INTERVAL_MS));
  }
}
