package io.windshift.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of Windshift's observations, trace propagation and listener health
 * ({@code windshift.observation.*}).
 */
@ConfigurationProperties("windshift.observation")
public class WindshiftObservationProperties {

	/**
	 * Whether to also write the standard W3C "traceparent" and "tracestate" headers, besides windshift-go's
	 * "WS-Trace-Parent" and "WS-Trace-State". Reading accepts both.
	 */
	private boolean writeStandardTraceHeaders;

	private final Direction publish = new Direction();

	private final Direction listener = new Direction();

	private final Health health = new Health();

	public boolean isWriteStandardTraceHeaders() {
		return this.writeStandardTraceHeaders;
	}

	public void setWriteStandardTraceHeaders(boolean writeStandardTraceHeaders) {
		this.writeStandardTraceHeaders = writeStandardTraceHeaders;
	}

	public Direction getPublish() {
		return this.publish;
	}

	public Direction getListener() {
		return this.listener;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * Observation of one direction (publishing or listening).
	 */
	public static class Direction {

		/**
		 * Whether to observe it (spans, timers) and propagate trace context.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * When the "windshift" health contributor reports a listener DOWN.
	 */
	public static class Health {

		/**
		 * How long a running listener may go without settling an event while its consumer has events pending
		 * before it is reported DOWN.
		 */
		private Duration noProgressTimeout = Duration.ofMinutes(2);

		public Duration getNoProgressTimeout() {
			return this.noProgressTimeout;
		}

		public void setNoProgressTimeout(Duration noProgressTimeout) {
			this.noProgressTimeout = noProgressTimeout;
		}

	}

}
