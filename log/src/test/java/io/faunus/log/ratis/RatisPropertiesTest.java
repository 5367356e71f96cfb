package io.faunus.log.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RatisPropertiesTest {
  private static final ClusterConfig N1 = new ClusterConfig("n1",
      Map.of("n1", "127.0.0.1:40001", "n2", "127.0.0.1:40002", "n3", "127.0.0.1:40003"), Path.of("raft"));

  /** Else a read the server would answer in 1-5 s is abandoned by its client and asked again, over and over. */
  @Test
  void aReadAttemptWaitsAsLongAsTheServersReadWait() {
    long attemptMs = RaftClientConfigKeys.Rpc.requestTimeout(RatisProperties.readClient()).toLong(java.util.concurrent.TimeUnit.MILLISECONDS);
    long serverMs = RaftServerConfigKeys.Read.timeout(RatisProperties.server(N1)).toLong(java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThat(attemptMs).isGreaterThanOrEqualTo(serverMs);
    // Writers keep short attempts: a write sent to a leader cut off by a partition must fail over in time.
    assertThat(RaftClientConfigKeys.Rpc.requestTimeout(RatisProperties.client()).toLong(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isLessThan(serverMs);
  }

  /** Behind a proxy the server binds --raft-listen, never the address the others are told. */
  @Test
  void theServerBindsItsListenAddress() {
    ClusterConfig behindProxy = new ClusterConfig("n1", N1.peers(), Path.of("raft"), 100, 4096, StartMode.BOOTSTRAP,
        false, "127.0.0.1:50001");
    assertThat(org.apache.ratis.grpc.GrpcConfigKeys.Server.port(RatisProperties.server(behindProxy))).isEqualTo(50001);
    assertThat(org.apache.ratis.grpc.GrpcConfigKeys.Server.port(RatisProperties.server(N1))).isEqualTo(40001);
  }
}
