package io.faunus.server.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.function.Supplier;

/**
 * The socket layer the event loops run on. With one client, each request is a wake-up, a read, a write and a
 * sleep of the event loop (docs/benchmarks.md, "Step 8: the fixed cost of one request"): Netty's native epoll
 * transport does them with direct JNI calls on the buffers' memory, where the JDK's NIO goes through its
 * selector's key sets, channel locks and ByteBuffer views. The system calls per request are the
 * same three (epoll_wait, read, writev) either way, and on the shared test machine the difference in CPU per
 * request was within noise; a quiet-machine measurement decides whether AUTO stays epoll (docs/todo-reads.md).
 *
 * @param name          "epoll" or "nio", for logs and tests
 * @param ioHandlers    a new factory for each event-loop group
 * @param serverChannel the listening socket's channel class
 */
public record Transport(String name, Supplier<IoHandlerFactory> ioHandlers, Class<? extends ServerChannel> serverChannel) {

  static final Transport NIO = new Transport("nio", NioIoHandler::newFactory, NioServerSocketChannel.class);
  static final Transport EPOLL = new Transport("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class);

  /**
   * The transport for {@code choice}. {@link TransportChoice#AUTO} never fails (NIO when epoll cannot load:
   * another OS or CPU, or a tmp directory mounted noexec, where Netty unpacks the library);
   * {@link TransportChoice#EPOLL} fails with the reason instead.
   */
  public static Transport of(TransportChoice choice) {
    return switch (choice) {
      case NIO -> NIO;
      case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
      case EPOLL -> {
        if (!Epoll.isAvailable()) {
          throw new IllegalStateException("--transport epoll: Netty's native epoll transport cannot load here ("
              + Epoll.unavailabilityCause() + "); use --transport auto or nio");
        }
        yield EPOLL;
      }
    };
  }

  /** Why {@link TransportChoice#AUTO} would fall back to NIO, or null when epoll loads. */
  public static String epollUnavailableReason() {
    return Epoll.isAvailable() ? null : String.valueOf(Epoll.unavailabilityCause());
  }
}
