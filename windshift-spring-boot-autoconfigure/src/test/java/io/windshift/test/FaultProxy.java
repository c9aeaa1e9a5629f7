package io.windshift.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback between a client and one server that can inject network faults,
 * for tests that cannot use Docker: {@link #delay added latency} (every chunk is held
 * back for a while, in order), a {@link #partition partition} (bytes are dropped both
 * ways and new connections get no upstream, so the client only notices through its own
 * ping or request timeouts) and {@link #cut cutting} every open connection. {@link #heal}
 * ends a partition; the connections it spoiled are cut, since bytes were lost.
 */
public final class FaultProxy implements AutoCloseable {

	private final String name;

	private final int targetPort;

	private final ServerSocket listener;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private volatile long delayNanos;

	private volatile boolean partitioned;

	private volatile boolean closed;

	private FaultProxy(String name, int targetPort) {
		this.name = name;
		this.targetPort = targetPort;
		try {
			this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "fault-proxy-" + name);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy that forwards a free loopback port to {@code targetPort} on
	 * loopback.
	 */
	public static FaultProxy start(String name, int targetPort) {
		return new FaultProxy(name, targetPort);
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/** The client URL through this proxy, {@code nats://127.0.0.1:<port>}. */
	public String url() {
		return "nats://127.0.0.1:" + port();
	}

	/**
	 * Holds back every chunk, in both directions, for this long from now on (zero: none).
	 */
	public void delay(Duration delay) {
		this.delayNanos = delay.toNanos();
	}

	/**
	 * Drops every byte both ways from now on, on open and new connections, until
	 * {@link #heal}.
	 */
	public void partition() {
		this.partitioned = true;
	}

	/** Ends a partition and cuts the connections it spoiled; latency is kept. */
	public void heal() {
		if (this.partitioned) {
			this.partitioned = false;
			cut();
		}
	}

	/** Closes every open connection at once (the client sees a reset). */
	public void cut() {
		this.links.forEach(Link::close);
	}

	/** How many connections are open through the proxy. */
	public int openConnections() {
		return this.links.size();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.listener.accept();
				client.setTcpNoDelay(true);
				Link link = new Link(client);
				this.links.add(link);
				link.start();
			}
			catch (IOException ex) {
				if (this.closed) {
					return;
				}
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		cut();
	}

	@Override
	public String toString() {
		return "FaultProxy[" + this.name + " :" + port() + " -> :" + this.targetPort + "]";
	}

	/**
	 * One client connection and its upstream, with a reader and a writer per direction.
	 */
	private final class Link {

		private final Socket client;

		private volatile Socket upstream;

		private volatile boolean done;

		Link(Socket client) {
			this.client = client;
		}

		void start() {
			thread("connect", () -> {
				while (FaultProxy.this.partitioned && !this.done) {
					drain(this.client);
				}
				if (this.done) {
					return;
				}
				try {
					Socket socket = new Socket();
					socket.setTcpNoDelay(true);
					socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), FaultProxy.this.targetPort),
							2000);
					this.upstream = socket;
					if (this.done) {
						socket.close();
						return;
					}
					pump(this.client, socket, "up");
					pump(socket, this.client, "down");
				}
				catch (IOException ex) {
					close();
				}
			});
		}

		/**
		 * While partitioned before an upstream exists: reads and drops what the client
		 * sends.
		 */
		private void drain(Socket socket) {
			try {
				socket.setSoTimeout(100);
				socket.getInputStream().read(new byte[8192]);
			}
			catch (java.net.SocketTimeoutException ex) {
				// poll the partition flag again
			}
			catch (IOException ex) {
				close();
			}
		}

		private void pump(Socket from, Socket to, String direction) throws IOException {
			from.setSoTimeout(0);
			BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			thread(direction + "-read", () -> {
				byte[] buffer = new byte[16384];
				try {
					for (int n = in.read(buffer); n >= 0 && !this.done; n = in.read(buffer)) {
						if (!FaultProxy.this.partitioned) {
							queue.add(new Chunk(System.nanoTime() + FaultProxy.this.delayNanos,
									Arrays.copyOf(buffer, n)));
						}
					}
				}
				catch (IOException ex) {
					// closed
				}
				close();
				queue.add(Chunk.END);
			});
			thread(direction + "-write", () -> {
				try {
					for (Chunk chunk = queue.take(); chunk != Chunk.END && !this.done; chunk = queue.take()) {
						for (long wait = chunk.due - System.nanoTime(); wait > 0; wait = chunk.due
								- System.nanoTime()) {
							LockSupport.parkNanos(wait);
						}
						if (!FaultProxy.this.partitioned) {
							out.write(chunk.bytes);
							out.flush();
						}
					}
				}
				catch (IOException ex) {
					// closed
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				close();
			});
		}

		void close() {
			this.done = true;
			FaultProxy.this.links.remove(this);
			closeQuietly(this.client);
			closeQuietly(this.upstream);
		}

		private void thread(String role, Runnable task) {
			Thread thread = new Thread(task, "fault-proxy-" + FaultProxy.this.name + "-" + role);
			thread.setDaemon(true);
			thread.start();
		}

		private static void closeQuietly(Socket socket) {
			if (socket != null) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// already closed
				}
			}
		}

	}

	private record Chunk(long due, byte[] bytes) {

		static final Chunk END = new Chunk(0, new byte[0]);

	}

}
