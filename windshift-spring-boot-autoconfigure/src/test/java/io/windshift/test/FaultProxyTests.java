package io.windshift.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fault proxy against an echo server: forwards, delays, drops (partition), heals and
 * cuts.
 */
class FaultProxyTests {

	private ServerSocket echo;

	private FaultProxy proxy;

	@BeforeEach
	void start() throws IOException {
		this.echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread server = new Thread(() -> {
			while (!this.echo.isClosed()) {
				try {
					Socket socket = this.echo.accept();
					Thread pump = new Thread(() -> {
						try (socket) {
							socket.getInputStream().transferTo(socket.getOutputStream());
						}
						catch (IOException ex) {
							// client gone
						}
					});
					pump.setDaemon(true);
					pump.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		server.setDaemon(true);
		server.start();
		this.proxy = FaultProxy.start("test", this.echo.getLocalPort());
	}

	@AfterEach
	void stop() throws IOException {
		this.proxy.close();
		this.echo.close();
	}

	@Test
	void forwardsBothWays() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "ping")).isEqualTo("ping");
			assertThat(this.proxy.openConnections()).isEqualTo(1);
		}
	}

	@Test
	void delaysEveryChunkInOrder() throws IOException {
		this.proxy.delay(Duration.ofMillis(150));
		try (Socket client = connect()) {
			long start = System.nanoTime();
			assertThat(roundTrip(client, "slow")).isEqualTo("slow");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			this.proxy.delay(Duration.ZERO);
			start = System.nanoTime();
			assertThat(roundTrip(client, "fast")).isEqualTo("fast");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
		}
	}

	@Test
	void aPartitionDropsBytesAndHealingCutsTheSpoiledConnection() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "before")).isEqualTo("before");
			this.proxy.partition();
			client.getOutputStream().write("lost".getBytes());
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> client.getInputStream().read());
			try (Socket fresh = connect()) {
				fresh.getOutputStream().write("also lost".getBytes());
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> fresh.getInputStream().read());
				this.proxy.heal();
				await().atMost(Duration.ofSeconds(5)).until(() -> closedByPeer(client) && closedByPeer(fresh));
			}
		}
		try (Socket after = connect()) {
			assertThat(roundTrip(after, "after")).isEqualTo("after");
		}
	}

	@Test
	void cutClosesEveryOpenConnection() throws IOException {
		try (Socket one = connect(); Socket two = connect()) {
			assertThat(roundTrip(one, "1")).isEqualTo("1");
			assertThat(roundTrip(two, "2")).isEqualTo("2");
			this.proxy.cut();
			await().atMost(Duration.ofSeconds(5)).until(() -> closedByPeer(one) && closedByPeer(two));
			assertThat(this.proxy.openConnections()).isZero();
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.proxy.port());
		socket.setSoTimeout(1000);
		return socket;
	}

	private static String roundTrip(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes());
		out.flush();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[text.length()];
		int read = 0;
		while (read < buffer.length) {
			int n = in.read(buffer, read, buffer.length - read);
			if (n < 0) {
				break;
			}
			read += n;
		}
		return new String(buffer, 0, read);
	}

	private static boolean closedByPeer(Socket socket) {
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
