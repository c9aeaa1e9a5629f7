package io.windshift.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A super-cluster of two one-server clusters, {@code east} (server tag {@code ssd}) and
 * {@code west} (server tag {@code hdd}), joined by gateways, with JetStream on both;
 * loopback, random ports, temporary directories.
 */
public final class NatsSuperCluster implements AutoCloseable {

	/** The cluster names, in server order. */
	public static final List<String> CLUSTERS = List.of("east", "west");

	/** The server tags of the clusters' servers, in server order. */
	public static final List<String> TAGS = List.of("ssd", "hdd");

	private final List<NatsServer> servers;

	private NatsSuperCluster(List<NatsServer> servers) {
		this.servers = servers;
	}

	/** Starts both servers together (JetStream waits for its meta group). */
	public static NatsSuperCluster start() {
		Path dir = NatsServer.tempDir("windshift-supercluster-");
		int[] gatewayPorts = { FreePorts.next(), FreePorts.next() };
		StringBuilder gateways = new StringBuilder();
		for (int i = 0; i < CLUSTERS.size(); i++) {
			gateways.append("    { name: \"")
				.append(CLUSTERS.get(i))
				.append("\", url: \"nats://127.0.0.1:")
				.append(gatewayPorts[i])
				.append("\" }\n");
		}
		List<NatsServer> servers = new ArrayList<>();
		for (int i = 0; i < CLUSTERS.size(); i++) {
			String cluster = CLUSTERS.get(i);
			// JetStream in a cluster needs configured routes: a one-server cluster routes
			// to itself (ignored)
			int routePort = FreePorts.next();
			String block = "cluster {\n  name: \"" + cluster + "\"\n  listen: \"127.0.0.1:" + routePort
					+ "\"\n  routes: [ \"nats-route://127.0.0.1:" + routePort + "\" ]\n}\ngateway {\n  name: \""
					+ cluster + "\"\n  listen: \"127.0.0.1:" + gatewayPorts[i] + "\"\n  gateways: [\n" + gateways
					+ "  ]\n}\nserver_tags: [\"" + TAGS.get(i) + "\"]\n";
			servers.add(new NatsServer("ws-" + cluster + "-" + FreePorts.next(), FreePorts.next(), FreePorts.next(),
					dir.resolve(cluster), NatsServerConfig.defaults(), block, true));
		}
		NatsSuperCluster superCluster = new NatsSuperCluster(servers);
		try {
			CompletableFuture
				.allOf(servers.stream()
					.map((server) -> CompletableFuture.runAsync(server::startProcess))
					.toArray(CompletableFuture[]::new))
				.join();
		}
		catch (RuntimeException ex) {
			superCluster.close();
			throw ex;
		}
		return superCluster;
	}

	/** The server of a cluster. */
	public NatsServer server(String cluster) {
		return this.servers.get(CLUSTERS.indexOf(cluster));
	}

	@Override
	public void close() {
		this.servers.forEach(NatsServer::close);
	}

}
