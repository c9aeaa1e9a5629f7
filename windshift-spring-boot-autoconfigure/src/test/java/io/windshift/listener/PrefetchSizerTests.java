package io.windshift.listener;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefetch sizing from the handling time: the concurrency before anything is known, then
 * as many as start within half the processing timeout, between the concurrency and the
 * maximum.
 */
class PrefetchSizerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void startsAtTheConcurrency() {
		assertThat(new PrefetchSizer(4).limit(TIMEOUT, 500)).isEqualTo(4);
		assertThat(new PrefetchSizer(1).limit(TIMEOUT, 500)).isEqualTo(1);
	}

	@Test
	void fastHandlersGetTheMaximum() {
		PrefetchSizer sizer = new PrefetchSizer(4);
		sizer.observe(Duration.ofMillis(1).toNanos());
		assertThat(sizer.limit(TIMEOUT, 500)).isEqualTo(500);
		assertThat(sizer.limit(TIMEOUT, 50)).isEqualTo(50);
	}

	@Test
	void slowHandlersGetAsManyAsStartWithinHalfTheProcessingTimeout() {
		PrefetchSizer sizer = new PrefetchSizer(2);
		sizer.observe(Duration.ofSeconds(1).toNanos());
		// 15 s of budget, 1 s each, 2 at a time
		assertThat(sizer.limit(TIMEOUT, 500)).isEqualTo(30);
		PrefetchSizer single = new PrefetchSizer(1);
		single.observe(Duration.ofSeconds(5).toNanos());
		assertThat(single.limit(TIMEOUT, 500)).isEqualTo(3);
	}

	@Test
	void neverBelowTheConcurrencyNorAboveTheMaximum() {
		PrefetchSizer sizer = new PrefetchSizer(4);
		sizer.observe(Duration.ofMinutes(5).toNanos());
		assertThat(sizer.limit(TIMEOUT, 500)).isEqualTo(4);
		// max pending events below the concurrency win: the server would not deliver more
		// anyway
		assertThat(sizer.limit(TIMEOUT, 2)).isEqualTo(2);
	}

	@Test
	void followsAChangingHandlingTime() {
		PrefetchSizer sizer = new PrefetchSizer(1);
		sizer.observe(Duration.ofMillis(10).toNanos());
		assertThat(sizer.limit(TIMEOUT, 500)).isEqualTo(500);
		for (int i = 0; i < 30; i++) {
			sizer.observe(Duration.ofSeconds(3).toNanos());
		}
		assertThat(sizer.limit(TIMEOUT, 500)).isBetween(5, 6);
	}

}
