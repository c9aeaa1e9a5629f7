package io.windshift.test;

import java.nio.file.Path;

/**
 * A hub server with JetStream domain {@code hub} and a leaf node connected to it with
 * JetStream domain {@code leaf}, on loopback with random ports and temporary directories.
 * An application connected to the leaf reaches the hub's JetStream through the domain
 * {@code hub}.
 */
public final class NatsHubAndLeaf implements AutoCloseable {

	/** The hub's JetStream domain. */
	public static final String HUB_DOMAIN = "hub";

	/** The leaf node's JetStream domain. */
	public static final String LEAF_DOMAIN = "leaf";

	private final NatsServer hub;

	private final NatsServer leaf;

	private NatsHubAndLeaf(NatsServer hub, NatsServer leaf) {
		this.hub = hub;
		this.leaf = leaf;
	}

	/**
	 * Starts the hub, listening for leaf nodes, then the leaf node with a remote to the
	 * hub.
	 */
	public static NatsHubAndLeaf start() {
		int leafPort = FreePorts.next();
		Path dir = NatsServer.tempDir("windshift-leaf-");
		NatsServer hub = new NatsServer("ws-hub-" + FreePorts.next(), FreePorts.next(), FreePorts.next(),
				dir.resolve("hub"),
				NatsServerConfig.defaults()
					.jetStreamDomain(HUB_DOMAIN)
					.extra("leafnodes {\n  listen: \"127.0.0.1:" + leafPort + "\"\n}"),
				null, true);
		hub.startProcess();
		try {
			NatsServer leaf = new NatsServer("ws-leaf-" + FreePorts.next(), FreePorts.next(), FreePorts.next(),
					dir.resolve("leaf"),
					NatsServerConfig.defaults()
						.jetStreamDomain(LEAF_DOMAIN)
						.extra("leafnodes {\n  remotes: [ { url: \"nats-leaf://127.0.0.1:" + leafPort + "\" } ]\n}"),
					null, true);
			leaf.startProcess();
			return new NatsHubAndLeaf(hub, leaf);
		}
		catch (RuntimeException ex) {
			hub.close();
			throw ex;
		}
	}

	/** The hub server. */
	public NatsServer hub() {
		return this.hub;
	}

	/** The leaf node the application connects to. */
	public NatsServer leaf() {
		return this.leaf;
	}

	@Override
	public void close() {
		this.leaf.close();
		this.hub.close();
	}

}
