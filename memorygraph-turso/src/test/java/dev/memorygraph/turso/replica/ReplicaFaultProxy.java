package dev.memorygraph.turso.replica;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback TCP proxy in front of a REAL tursodb that can fail chosen connections (test utility).
 * tursodb answers every request with {@code Connection: close}, so one connection carries one
 * request; a queue of {@link Fault}s applies to the next connections, then traffic passes.
 */
public final class ReplicaFaultProxy implements AutoCloseable {
  /** What to do with one connection. */
  public enum Fault {
    /** Forward both ways. */
    PASS,
    /** Accept and close at once: nothing reaches the server. */
    REFUSE,
    /** Forward the request; let the server answer completely; send the client nothing. */
    DROP_RESPONSE,
    /** Forward the request; pass only the first {@link #cutAfter} response bytes, then close. */
    CUT_RESPONSE
  }

  private final ServerSocket server;
  private final int targetPort;
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean down;
  private volatile int cutAfter = 6000;
  private final Thread acceptor;

  /** Starts a proxy to {@code 127.0.0.1:targetPort}. */
  public ReplicaFaultProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The URL to give the replica. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** While down, every connection is refused. */
  public void setDown(boolean down) {
    this.down = down;
  }

  /** Queues faults for the next connections. */
  public synchronized void next(Fault... next) {
    for (Fault f : next) {
      faults.add(f);
    }
  }

  /** Response bytes passed by {@link Fault#CUT_RESPONSE}. */
  public void cutAfter(int bytes) {
    this.cutAfter = bytes;
  }

  /** How many connections were accepted. */
  public int connections() {
    return connections.get();
  }

  private synchronized Fault take() {
    if (down) {
      return Fault.REFUSE;
    }
    Fault f = faults.poll();
    return f == null ? Fault.PASS : f;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        Fault f = take();
        Thread t = new Thread(() -> handle(client, f), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client, Fault fault) {
    try (client) {
      if (fault == Fault.REFUSE) {
        return;
      }
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
        Thread up = new Thread(() -> pump(client, upstream), "fault-proxy-up");
        up.setDaemon(true);
        up.start();
        InputStream in = upstream.getInputStream();
        OutputStream out = client.getOutputStream();
        switch (fault) {
          case DROP_RESPONSE -> {
            // Wait for the server's whole answer (it closes the connection) and throw it away.
            in.transferTo(new ByteArrayOutputStream());
          }
          case CUT_RESPONSE -> {
            byte[] buf = in.readNBytes(cutAfter);
            out.write(buf);
            out.flush();
          }
          default -> in.transferTo(out);
        }
      }
    } catch (IOException ignored) {
      // a broken connection is the point of this proxy
    }
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException ignored) {
      // connection closed by the other side
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
