package io.windshift.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A JetStream cluster of real nats-server processes on loopback (3 nodes unless told
 * otherwise), each with its own random client and route ports and store directory. Nodes
 * can be stopped, killed and restarted.
 */
public final class NatsCluster implements AutoCloseable {

	private final List<NatsServer> nodes;

	private final Path dir;

	private NatsCluster(List<NatsServer> nodes, Path dir) {
		this.nodes = nodes;
		this.dir = dir;
	}

	public static NatsCluster start() {
		return start(3, NatsServerConfig::defaults);
	}

	public static NatsCluster start(int size, Supplier<NatsServerConfig> config) {
		Path dir = NatsServer.tempDir("windshift-cluster-");
		String clusterName = "ws-cluster-" + FreePorts.next();
		int[] routePorts = new int[size];
		for (int i = 0; i < size; i++) {
			routePorts[i] = FreePorts.next();
		}
		String routes = java.util.Arrays.stream(routePorts)
			.mapToObj((p) -> "    \"nats-route://127.0.0.1:" + p + "\"")
			.collect(Collectors.joining("\n"));
		List<NatsServer> nodes = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			String block = "cluster {\n  name: \"" + clusterName + "\"\n  listen: \"127.0.0.1:" + routePorts[i]
					+ "\"\n  routes: [\n" + routes + "\n  ]\n}\n";
			nodes.add(new NatsServer(clusterName + "-n" + (i + 1), FreePorts.next(), FreePorts.next(),
					dir.resolve("n" + (i + 1)), config.get(), block, true));
		}
		NatsCluster cluster = new NatsCluster(nodes, dir);
		try {
			// nodes only report JetStream healthy once a meta leader exists, so start
			// them together
			CompletableFuture
				.allOf(nodes.stream()
					.map((node) -> CompletableFuture.runAsync(node::startProcess))
					.toArray(CompletableFuture[]::new))
				.join();
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
		return cluster;
	}

	public List<NatsServer> nodes() {
		return Collections.unmodifiableList(this.nodes);
	}

	public NatsServer node(int index) {
		return this.nodes.get(index);
	}

	/** The node with this server name. */
	public NatsServer node(String serverName) {
		return this.nodes.stream()
			.filter((n) -> n.name().equals(serverName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node named " + serverName));
	}

	/** Client URLs of all nodes. */
	public List<String> urls() {
		return this.nodes.stream().map(NatsServer::url).toList();
	}

	/**
	 * Client URLs of all nodes, comma separated, as {@code windshift.nats.servers} takes
	 * them.
	 */
	public String urlList() {
		return String.join(",", urls());
	}

	@Override
	public void close() {
		this.nodes.forEach(NatsServer::kill);
		NatsServer.deleteRecursively(this.dir);
	}

}
