package io.windshift.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a class-level {@link WindshiftListener @WindshiftListener} that
 * handles one protobuf type: its parameter is a generated message type or
 * {@code Event<T>} of one. At most one handler per type; the optional default handler
 * ({@code isDefault = true}) takes any other type and its parameter is
 * {@code com.google.protobuf.Message} or {@code Event<Message>}.
 *
 * <pre class="code">
 * &#64;WindshiftListener(stream = "orders", consumer = "projector")
 * class OrderProjector {
 *     &#64;WindshiftHandler void on(OrderPlaced placed) { ... }
 *     &#64;WindshiftHandler void on(Event&lt;OrderShipped&gt; shipped) { ... }
 *     &#64;WindshiftHandler(isDefault = true) void other(Event&lt;Message&gt; event) { ... }
 * }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WindshiftHandler {

	/**
	 * Whether this method takes the events whose type no other handler of the class
	 * takes.
	 */
	boolean isDefault() default false;

}
