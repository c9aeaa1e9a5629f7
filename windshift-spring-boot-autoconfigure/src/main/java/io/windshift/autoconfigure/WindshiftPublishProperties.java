package io.windshift.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code WindshiftTemplate} ({@code windshift.publish.*}).
 */
@ConfigurationProperties("windshift.publish")
public class WindshiftPublishProperties {

	/**
	 * How long a publish may take, including waiting for a lost connection to come back
	 * and for the server's acknowledgement.
	 */
	private Duration timeout = Duration.ofSeconds(5);

	/**
	 * How many asynchronous publishes may wait for their acknowledgement at once; beyond
	 * it, publishAsync waits.
	 */
	private int maxInFlight = 1024;

	private final Retry retry = new Retry();

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(int maxInFlight) {
		this.maxInFlight = maxInFlight;
	}

	public Retry getRetry() {
		return this.retry;
	}

	/**
	 * Default retry of failed publishes (off unless enabled; per call, CallOptions
	 * override it).
	 */
	public static class Retry implements ExponentialDelaysProperties {

		/**
		 * Whether failed publishes are retried by default. Publishes without an
		 * idempotency key are retried only when they were certainly not stored.
		 */
		private boolean enabled;

		/**
		 * Delay before the first retry.
		 */
		private Duration initialDelay = Duration.ofMillis(10);

		/**
		 * Factor by which the delay grows after each retry.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest delay between two attempts.
		 */
		private Duration maxDelay = Duration.ofSeconds(1);

		/**
		 * Total time of all delays after which no more retries are made.
		 */
		private Duration maxTime = Duration.ofSeconds(5);

		/**
		 * Whether a publish with an idempotency key that timed out or found no responders
		 * is retried within 'windshift.publish.timeout' when retry is not enabled, so
		 * that it rides through a short server restart (the server stores it once).
		 * Publishes without a key are never retried once they may have been stored.
		 */
		private boolean withIdempotencyKey = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public Duration getMaxTime() {
			return this.maxTime;
		}

		public void setMaxTime(Duration maxTime) {
			this.maxTime = maxTime;
		}

		public boolean isWithIdempotencyKey() {
			return this.withIdempotencyKey;
		}

		public void setWithIdempotencyKey(boolean withIdempotencyKey) {
			this.withIdempotencyKey = withIdempotencyKey;
		}

	}

}
