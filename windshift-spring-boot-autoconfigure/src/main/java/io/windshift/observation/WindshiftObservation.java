package io.windshift.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations Windshift makes, with their names and attributes (OpenTelemetry
 * messaging semantic conventions where they exist).
 */
public enum WindshiftObservation implements ObservationDocumentation {

	/** One publish, from the call until the server's answer. */
	PUBLISH {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPublishObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { Keys.SYSTEM, Keys.OPERATION_TYPE, Keys.OPERATION_NAME, Keys.STREAM, Keys.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { Keys.DESTINATION, Keys.MESSAGE_ID, Keys.DATA_TYPE };
		}
	},

	/** One invocation of a listener method, until the event is settled. */
	LISTENER {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultListenerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { Keys.SYSTEM, Keys.OPERATION_TYPE, Keys.OPERATION_NAME, Keys.STREAM, Keys.CONSUMER,
					Keys.LISTENER, Keys.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { Keys.DESTINATION, Keys.MESSAGE_ID, Keys.DELIVERY_ATTEMPT };
		}
	},

	/** One atomic batch, from the call until the server's answer to its commit. */
	PUBLISH_BATCH {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultBatchPublishObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { Keys.SYSTEM, Keys.OPERATION_TYPE, Keys.OPERATION_NAME, Keys.STREAM, Keys.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { Keys.BATCH_SIZE, Keys.FIRST_ID, Keys.LAST_ID };
		}
	};

	/** Attribute names. */
	public enum Keys implements KeyName {

		/** Always {@code nats}. */
		SYSTEM("messaging.system"),
		/** {@code send} for publish, {@code process} for listeners. */
		OPERATION_TYPE("messaging.operation.type"),
		/** {@code publish} or {@code process}. */
		OPERATION_NAME("messaging.operation.name"),
		/** The subject. */
		DESTINATION("messaging.destination.name"),
		/** The event id (stream sequence). */
		MESSAGE_ID("messaging.message.id"),
		/** The consumer name. */
		CONSUMER("messaging.consumer.group.name"),
		/** The stream. */
		STREAM("windshift.stream"),
		/** The listener id. */
		LISTENER("windshift.listener.id"),
		/** The protobuf type of the data. */
		DATA_TYPE("windshift.data.type"),
		/** Which delivery this is. */
		DELIVERY_ATTEMPT("messaging.nats.delivery_attempt"),
		/**
		 * How it ended: stored, duplicate, error (publish); ack, reject, dead-letter,
		 * terminate, unsettled (listener).
		 */
		OUTCOME("windshift.outcome"),
		/** The number of events in an atomic batch. */
		BATCH_SIZE("messaging.batch.message_count"),
		/** The id of the first event of an atomic batch. */
		FIRST_ID("windshift.batch.first_id"),
		/** The id of the last event of an atomic batch. */
		LAST_ID("windshift.batch.last_id");

		private final String name;

		Keys(String name) {
			this.name = name;
		}

		@Override
		public String asString() {
			return this.name;
		}

	}

}
