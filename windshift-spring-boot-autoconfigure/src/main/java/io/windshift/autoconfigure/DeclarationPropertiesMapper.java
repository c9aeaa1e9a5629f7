package io.windshift.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.windshift.consumers.ConsumerDefinition;
import io.windshift.streams.Placement;
import io.windshift.streams.StreamDefinition;
import io.windshift.streams.StreamPointer;
import io.windshift.streams.StreamSource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@code windshift.streams.*} and {@code windshift.consumers.*} entries into
 * definitions, keyed by the property prefix that declares them. An invalid entry fails
 * with a message naming that prefix.
 */
final class DeclarationPropertiesMapper {

	private DeclarationPropertiesMapper() {
	}

	static Map<String, StreamDefinition> streams(WindshiftDeclarationProperties properties) {
		Map<String, StreamDefinition> result = new LinkedHashMap<>();
		properties.getStreams().forEach((key, stream) -> {
			String prefix = "windshift.streams." + key;
			result.put(prefix, mapped(prefix, () -> stream(key, stream)));
		});
		return result;
	}

	static Map<String, ConsumerDefinition> consumers(WindshiftDeclarationProperties properties) {
		Map<String, ConsumerDefinition> result = new LinkedHashMap<>();
		properties.getConsumers().forEach((key, consumer) -> {
			String prefix = "windshift.consumers." + key;
			result.put(prefix, mapped(prefix, () -> consumer(prefix, key, consumer)));
		});
		return result;
	}

	private static <T> T mapped(String prefix, Supplier<T> mapping) {
		try {
			return mapping.get();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid " + prefix + ".*: " + ex.getMessage(), ex);
		}
	}

	private static StreamDefinition stream(String key, WindshiftDeclarationProperties.Stream stream) {
		String name = (stream.getName() != null) ? stream.getName() : key;
		StreamDefinition.Builder builder = StreamDefinition.builder(name);
		PropertyMapper map = PropertyMapper.get();
		builder.subjects(stream.getSubjects());
		stream.getSources().forEach((source) -> builder.aggregate(source(name, source)));
		map.from(stream.getMirror()).as((mirror) -> source(name, mirror)).to(builder::mirror);
		map.from(stream.getMaxAge()).to(builder::maxAge);
		map.from(stream.getMaxBytes()).as(DataSize::toBytes).to(builder::maxBytes);
		builder.maxEvents(stream.getMaxEvents());
		builder.maxEventsPerSubject(stream.getMaxEventsPerSubject());
		map.from(stream.getMaxEventSize()).as(DataSize::toBytes).to(builder::maxEventSize);
		builder.discardPolicy(stream.getDiscardPolicy());
		builder.discardNewPerSubject(stream.isDiscardNewPerSubject());
		builder.storage(stream.getStorage());
		builder.replicas(stream.getReplicas());
		builder.deduplicationWindow(stream.getDeduplicationWindow());
		builder.description(stream.getDescription());
		builder.allowScheduledEvents(stream.isAllowScheduledEvents());
		builder.allowEventTtl(stream.isAllowEventTtl());
		builder.allowAtomicPublish(stream.isAllowAtomicPublish());
		builder.retention(stream.getRetention());
		builder.compression(stream.isCompression());
		builder.placement(placement(stream.getPlacement()));
		return builder.build();
	}

	private static @Nullable Placement placement(WindshiftDeclarationProperties.Placement placement) {
		String cluster = placement.getCluster();
		if (cluster != null) {
			return Placement.cluster(cluster).tags(placement.getTags());
		}
		return placement.getTags().isEmpty() ? null : Placement.tagged().tags(placement.getTags());
	}

	private static StreamSource source(String stream, WindshiftDeclarationProperties.Source source) {
		String origin = source.getStream();
		if (origin == null || origin.isBlank()) {
			throw new IllegalArgumentException("a source or mirror of stream '" + stream + "' has no 'stream'");
		}
		return StreamSource.of(origin)
			.from(StreamPointer.parse(source.getFrom()))
			.filterSubject(source.getFilterSubject());
	}

	private static ConsumerDefinition consumer(String prefix, String key,
			WindshiftDeclarationProperties.Consumer consumer) {
		@Nullable String stream = consumer.getStream();
		if (stream == null || stream.isBlank()) {
			throw new IllegalArgumentException(
					"the stream of consumer '" + key + "' is missing: set " + prefix + ".stream");
		}
		ConsumerDefinition.Builder builder = ConsumerDefinition.builder(stream)
			.name((consumer.getName() != null) ? consumer.getName() : key)
			.subjects(consumer.getSubjects())
			.processingTimeout(consumer.getProcessingTimeout())
			.consumeFrom(StreamPointer.parse(consumer.getConsumeFrom()))
			.maxDeliveryAttempts(consumer.getMaxDeliveryAttempts())
			.maxPendingEvents(consumer.getMaxPendingEvents())
			.redeliveryBackoff(consumer.getRedeliveryBackoff())
			.inactiveThreshold(consumer.getInactiveThreshold())
			.description(consumer.getDescription())
			.maxBatch(consumer.getMaxBatch())
			.maxExpires(consumer.getMaxExpires())
			.metadata(consumer.getMetadata());
		return builder.build();
	}

}
