package io.windshift.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.api.ConsumerInfo;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitor turns state changes into recovering / recovered events and silence into
 * idle events, once per interval of silence.
 */
class ListenerContainerMonitorTests {

	private final StubContainer container = new StubContainer();

	private final MutableClock clock = new MutableClock();

	private final List<Object> published = new ArrayList<>();

	private final ListenerContainerMonitor monitor = new ListenerContainerMonitor(() -> List.of(this.container),
			Duration.ofSeconds(10), this.clock);

	ListenerContainerMonitorTests() {
		this.monitor.setApplicationEventPublisher(this.published::add);
	}

	@Test
	void recoveringAndRecoveredArePublishedOncePerChange() {
		this.monitor.check();
		this.container.state = ListenerState.RECOVERING;
		this.monitor.check();
		this.monitor.check();
		this.container.state = ListenerState.RUNNING;
		this.monitor.check();
		this.monitor.check();
		assertThat(this.published).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("ListenerContainerRecoveringEvent", "ListenerContainerRecoveredEvent");
	}

	@Test
	void idleEventAfterTheIntervalWithoutEventsAndAgainAfterTheNext() {
		this.monitor.check();
		this.clock.advance(Duration.ofSeconds(9));
		this.monitor.check();
		assertThat(this.published).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		this.monitor.check();
		this.clock.advance(Duration.ofSeconds(5));
		this.monitor.check();
		assertThat(this.published).singleElement()
			.isInstanceOfSatisfying(ListenerContainerIdleEvent.class,
					(idle) -> assertThat(idle.getIdleTime()).isEqualTo(Duration.ofSeconds(10)));
		this.clock.advance(Duration.ofSeconds(5));
		this.monitor.check();
		assertThat(this.published).hasSize(2);
	}

	@Test
	void anEventResetsTheIdleTime() {
		this.monitor.check();
		this.clock.advance(Duration.ofSeconds(8));
		this.monitor.outcome("stub", io.windshift.test.StubEvent.atAttempt(1), ListenerObserver.Outcome.ACKED, null);
		this.clock.advance(Duration.ofSeconds(8));
		this.monitor.check();
		assertThat(this.published).isEmpty();
	}

	@Test
	void pausedContainersAreNeverIdle() {
		this.container.state = ListenerState.PAUSED;
		this.monitor.check();
		this.clock.advance(Duration.ofSeconds(30));
		this.monitor.check();
		assertThat(this.published).isEmpty();
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	static final class StubContainer implements ListenerContainer {

		volatile ListenerState state = ListenerState.RUNNING;

		@Override
		public String getListenerId() {
			return "stub";
		}

		@Override
		public ListenerState getState() {
			return this.state;
		}

		@Override
		public String getStream() {
			return "s";
		}

		@Override
		public @Nullable String getConsumerName() {
			return null;
		}

		@Override
		public int getConcurrency() {
			return 1;
		}

		@Override
		public @Nullable ConsumerInfo getLastConsumerInfo() {
			return null;
		}

		@Override
		public int getInFlightCount() {
			return 0;
		}

		@Override
		public boolean isPaused() {
			return this.state == ListenerState.PAUSED;
		}

		@Override
		public void pause() {
		}

		@Override
		public void resume() {
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return this.state != ListenerState.STOPPED;
		}

	}

}
