package io.windshift.autoconfigure;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import com.google.protobuf.Message;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.WindshiftException;
import io.windshift.events.WindshiftTemplate;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.modulith.events.support.DelegatingEventExternalizer;
import org.springframework.transaction.annotation.Propagation;

/**
 * Publishes Spring Modulith's externalized application events through Windshift: the
 * (mapped) payload, a protobuf message or an {@link OutgoingEvent}, goes to the routing
 * target as the subject, with the event publication's id as idempotency key. Modulith's
 * resubmission of an incomplete publication after a crash therefore stores the event once
 * within the stream's deduplication window. Any other payload fails the publication (it
 * stays incomplete).
 */
public class WindshiftEventExternalizer extends DelegatingEventExternalizer {

	/** The listener id Modulith records publications for this externalizer under. */
	static final String LISTENER_ID = WindshiftEventExternalizer.class.getName() + ".externalize(java.lang.Object)";

	private static final ThreadLocal<Object> EVENT = new ThreadLocal<>();

	public WindshiftEventExternalizer(EventExternalizationConfiguration configuration, WindshiftTemplate template,
			ObjectProvider<EventPublicationRepository> publications) {
		super(configuration, publisher(template, publications));
	}

	@Override
	@ApplicationModuleListener(propagation = Propagation.SUPPORTS)
	public CompletableFuture<?> externalize(Object event) {
		EVENT.set(event);
		try {
			return super.externalize(event);
		}
		finally {
			EVENT.remove();
		}
	}

	private static BiFunction<RoutingTarget, Object, CompletableFuture<?>> publisher(WindshiftTemplate template,
			ObjectProvider<EventPublicationRepository> publications) {
		return (target, payload) -> {
			String key = publicationId(publications.getIfAvailable(), EVENT.get());
			OutgoingEvent event;
			if (payload instanceof OutgoingEvent outgoing) {
				event = (key != null && outgoing.idempotencyKey() == null)
						? outgoing.toBuilder().idempotencyKey(key).build() : outgoing;
			}
			else if (payload instanceof Message message) {
				OutgoingEvent.Builder builder = OutgoingEvent.builder(target.getTarget(), message);
				event = ((key != null) ? builder.idempotencyKey(key) : builder).build();
			}
			else {
				return CompletableFuture.failedFuture(new WindshiftException("Cannot externalize "
						+ payload.getClass().getName() + " to '" + target.getTarget()
						+ "': map it to a protobuf message or an OutgoingEvent (EventExternalizationConfiguration mapping)"));
			}
			return template.publishAsync(event);
		};
	}

	private static @Nullable String publicationId(@Nullable EventPublicationRepository publications,
			@Nullable Object event) {
		if (publications == null || event == null) {
			return null;
		}
		Optional<TargetEventPublication> publication = publications
			.findIncompletePublicationsByEventAndTargetIdentifier(event, PublicationTargetIdentifier.of(LISTENER_ID));
		return publication.map((it) -> it.getIdentifier().toString()).orElse(null);
	}

}
