package io.windshift.events;

/**
 * A publish asked for a feature that the stream does not allow or that the server is too
 * old for: a delayed event, a time to live or an atomic batch. Nothing was published.
 */
public class UnsupportedFeatureException extends WindshiftException {

	private static final long serialVersionUID = 1L;

	private final String feature;

	private final String requiredServerVersion;

	public UnsupportedFeatureException(String feature, String requiredServerVersion, String message) {
		super(message);
		this.feature = feature;
		this.requiredServerVersion = requiredServerVersion;
	}

	/** The feature, e.g. {@code "delayed events"}. */
	public String getFeature() {
		return this.feature;
	}

	/** The oldest nats-server version that has the feature, e.g. {@code "2.12.0"}. */
	public String getRequiredServerVersion() {
		return this.requiredServerVersion;
	}

}
