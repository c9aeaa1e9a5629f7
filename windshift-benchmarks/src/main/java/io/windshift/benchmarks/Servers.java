package io.windshift.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.windshift.test.NatsCluster;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerBinary;

/** The benchmark's own nats-server: one node with file storage, or a 3-node cluster. */
final class Servers implements AutoCloseable {

	private final Runnable closer;

	private final String urls;

	private final int replicas;

	private Servers(Runnable closer, String urls, int replicas) {
		this.closer = closer;
		this.urls = urls;
		this.replicas = replicas;
	}

	static Servers start(boolean cluster) {
		if (cluster) {
			NatsCluster nodes = NatsCluster.start();
			return new Servers(nodes::close, nodes.urlList(), 3);
		}
		NatsServer server = NatsServer.start();
		return new Servers(server::close, server.url(), 1);
	}

	/** The client URLs, comma separated. */
	String urls() {
		return this.urls;
	}

	/** The replicas of the benchmark's streams. */
	int replicas() {
		return this.replicas;
	}

	String description() {
		return (this.replicas == 1) ? "1 node, file storage, replicas 1"
				: "3-node cluster on this machine, file storage, replicas 3";
	}

	static String version() {
		try {
			Process process = new ProcessBuilder(NatsServerBinary.path().toString(), "--version")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor();
			return output;
		}
		catch (IOException ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	@Override
	public void close() {
		this.closer.run();
	}

}
