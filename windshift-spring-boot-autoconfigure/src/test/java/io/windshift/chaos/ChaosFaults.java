package io.windshift.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.windshift.test.ApplicationProcess;
import io.windshift.test.FaultProxy;
import io.windshift.test.NatsCluster;
import io.windshift.test.NatsServer;
import io.windshift.test.ProcessSignals;

/**
 * Injects faults at random, overlapping, from a seeded {@link Random} (the same seed
 * gives the same schedule of kinds, targets, gaps and durations; what each fault hits
 * depends on timing). Every fault is recorded in the history ({@code fault start} and
 * {@code fault end}, with its kind and target). Kinds: {@code server-kill} (kill -9,
 * restarted later), {@code server-pause} (SIGSTOP, SIGCONT later), {@code partition} and
 * {@code latency} between one application and one server (its fault proxy), {@code cut}
 * (every connection of one proxy reset), {@code app-kill} (kill -9 of an application JVM,
 * restarted later), {@code step-down} (stream or consumer leader),
 * {@code consumer-delete} (an operator deletes the plain listener's durable consumer, at
 * most once a minute). At most one server and one application are down at a time.
 */
final class ChaosFaults {

	private static final String[] KINDS = { "server-kill", "server-pause", "partition", "latency", "cut", "app-kill",
			"step-down", "consumer-delete" };

	private static final int[] WEIGHTS = { 3, 3, 3, 3, 3, 2, 3, 1 };

	private final NatsCluster cluster;

	private final List<List<FaultProxy>> proxies;

	private final List<ApplicationProcess> apps;

	private final Connection operator;

	private final History history;

	private final Random random;

	private final List<String> consumers;

	private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);

	private final Map<String, Runnable> active = new ConcurrentHashMap<>();

	private final Set<String> appsDown = ConcurrentHashMap.newKeySet();

	private long lastConsumerDelete = Long.MIN_VALUE / 2;

	ChaosFaults(NatsCluster cluster, List<List<FaultProxy>> proxies, List<ApplicationProcess> apps, Connection operator,
			History history, long seed, List<String> consumers) {
		this.cluster = cluster;
		this.proxies = proxies;
		this.apps = apps;
		this.operator = operator;
		this.history = history;
		this.random = new Random(seed);
		this.consumers = consumers;
	}

	/**
	 * Injects faults for this long: a new one every 0.5 to 3 s, each lasting 1 to 8 s.
	 */
	void injectFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			pause(500 + this.random.nextInt(2500));
			superviseApps();
			String kind = pick();
			Duration lasting = Duration.ofMillis(1000 + this.random.nextInt(7000));
			int target = this.random.nextInt(1000);
			try {
				inject(kind, target, lasting);
			}
			catch (RuntimeException ex) {
				this.history.record("fault", "kind", kind, "phase", "failed", "error", ex.toString());
			}
		}
	}

	/** Ends every fault still active (restarts, thaws, heals) and waits for it. */
	void healAll() {
		new ArrayList<>(this.active.keySet()).forEach((id) -> {
			Runnable heal = this.active.remove(id);
			if (heal != null) {
				heal.run();
			}
		});
		this.executor.shutdown();
		superviseApps();
	}

	/**
	 * Restarts an application that exited by itself (a start-up that failed during a
	 * fault, say).
	 */
	void superviseApps() {
		for (ApplicationProcess app : this.apps) {
			if (!app.isAlive() && !this.appsDown.contains(app.name())) {
				this.history.record("run", "phase", "app-exited", "target", app.name());
				app.restart();
			}
		}
	}

	private String pick() {
		int total = 0;
		for (int weight : WEIGHTS) {
			total += weight;
		}
		int roll = this.random.nextInt(total);
		for (int i = 0; i < KINDS.length; i++) {
			roll -= WEIGHTS[i];
			if (roll < 0) {
				return KINDS[i];
			}
		}
		return KINDS[0];
	}

	private void inject(String kind, int target, Duration lasting) {
		switch (kind) {
			case "server-kill", "server-pause" -> {
				if (this.active.keySet().stream().anyMatch((id) -> id.startsWith("server-"))) {
					return;
				}
				NatsServer node = this.cluster.node(target % this.cluster.nodes().size());
				if (kind.equals("server-kill")) {
					start(kind, node.name(), lasting, node::kill, node::restart);
				}
				else {
					long pid = node.pid();
					start(kind, node.name(), lasting, () -> ProcessSignals.pause(pid),
							() -> ProcessSignals.resume(pid));
				}
			}
			case "partition", "latency", "cut" -> {
				List<FaultProxy> ofApp = this.proxies.get(target % this.proxies.size());
				FaultProxy proxy = ofApp.get((target / this.proxies.size()) % ofApp.size());
				if (kind.equals("cut")) {
					instant(kind, proxy.name(), proxy::cut);
				}
				else if (!this.active.containsKey("partition " + proxy.name())
						&& !this.active.containsKey("latency " + proxy.name())) {
					Duration delay = Duration.ofMillis(20 + target % 280);
					if (kind.equals("partition")) {
						start(kind, proxy.name(), lasting, proxy::partition, proxy::heal);
					}
					else {
						start(kind, proxy.name() + " " + delay.toMillis() + "ms", lasting, () -> proxy.delay(delay),
								() -> proxy.delay(Duration.ZERO));
					}
				}
			}
			case "app-kill" -> {
				ApplicationProcess app = this.apps.get(target % this.apps.size());
				if (this.appsDown.isEmpty() && app.isAlive()) {
					this.appsDown.add(app.name());
					start(kind, app.name(), lasting, app::kill, () -> {
						app.restart();
						this.appsDown.remove(app.name());
					});
				}
			}
			case "step-down" -> {
				String consumer = (target % 2 == 0) ? null : this.consumers.get(target % this.consumers.size());
				String subject = (consumer != null) ? "$JS.API.CONSUMER.LEADER.STEPDOWN.chaos." + consumer
						: "$JS.API.STREAM.LEADER.STEPDOWN.chaos";
				instant(kind, (consumer != null) ? consumer : "stream chaos", () -> request(subject));
			}
			case "consumer-delete" -> {
				if (System.nanoTime() - this.lastConsumerDelete > TimeUnit.MINUTES.toNanos(1)) {
					this.lastConsumerDelete = System.nanoTime();
					instant(kind, "chaos-plain", () -> request("$JS.API.CONSUMER.DELETE.chaos.chaos-plain"));
				}
			}
			default -> throw new IllegalArgumentException(kind);
		}
	}

	private void start(String kind, String target, Duration lasting, Runnable fault, Runnable heal) {
		String id = kind + " " + target.split(" ")[0];
		this.history.record("fault", "kind", kind, "target", target, "phase", "start", "millis", lasting.toMillis());
		fault.run();
		Runnable healOnce = () -> {
			heal.run();
			this.history.record("fault", "kind", kind, "target", target, "phase", "end");
		};
		this.active.put(id, healOnce);
		this.executor.schedule(() -> {
			if (this.active.remove(id, healOnce)) {
				try {
					healOnce.run();
				}
				catch (RuntimeException ex) {
					this.history.record("fault", "kind", kind, "target", target, "phase", "failed", "error",
							ex.toString());
				}
			}
		}, lasting.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void instant(String kind, String target, Runnable fault) {
		instant(kind, target, () -> {
			fault.run();
			return "done";
		});
	}

	/**
	 * A fault done at once; {@code outcome} is {@code unconfirmed} when the server did
	 * not say it was done.
	 */
	private void instant(String kind, String target, Supplier<String> fault) {
		this.history.record("fault", "kind", kind, "target", target, "phase", "start");
		String outcome = fault.get();
		this.history.record("fault", "kind", kind, "target", target, "phase", "end", "outcome", outcome);
	}

	/**
	 * A JetStream API request: {@code done}, {@code unconfirmed} (no reply in time) or
	 * the error it answered.
	 */
	private String request(String subject) {
		try {
			Message reply = this.operator.request(subject, new byte[0], Duration.ofSeconds(5));
			if (reply == null) {
				return "unconfirmed";
			}
			String json = new String(reply.getData(), StandardCharsets.UTF_8);
			return json.contains("\"success\":true") ? "done" : json;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unconfirmed";
		}
	}

	/** The gap between faults (the schedule's pacing, not a synchronisation). */
	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
