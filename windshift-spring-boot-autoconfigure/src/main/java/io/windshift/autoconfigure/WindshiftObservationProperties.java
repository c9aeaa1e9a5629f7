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
	 * Whether to also write the standard W3C "traceparent" and "tracestate" headers,
	 * besides windshift-go's "WS-Trace-Parent" and "WS-Trace-State". Reading accepts
	 * both.
	 */
	private boolean writeStandardTraceHeaders;

	private final Publish publish = new Publish();

	private final Listener listener = new Listener();

	private final Health health = new Health();

	public boolean isWriteStandardTraceHeaders() {
		return this.writeStandardTraceHeaders;
	}

	public void setWriteStandardTraceHeaders(boolean writeStandardTraceHeaders) {
		this.writeStandardTraceHeaders = writeStandardTraceHeaders;
	}

	public Publish getPublish() {
		return this.publish;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * Observation of publishing.
	 */
	public static class Publish {

		/**
		 * Whether to observe every publish (a producer span, the windshift.publish timer)
		 * and write the trace context into the event's headers.
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
	 * Observation of listeners.
	 */
	public static class Listener {

		/**
		 * Whether to observe every listener invocation (a consumer span continuing the
		 * event's trace, the windshift.listener timer).
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
		 * How long a running listener may go without settling an event while its consumer
		 * has events pending before it is reported DOWN.
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
