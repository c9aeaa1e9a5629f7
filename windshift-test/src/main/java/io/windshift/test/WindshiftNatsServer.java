package io.windshift.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a real {@code nats-server} (or a cluster) for a Spring test context and points
 * {@code windshift.nats.servers} at it: <pre>
 * &#64;SpringBootTest
 * &#64;WindshiftNatsServer
 * class OrdersTests { ... }
 * </pre> One server per application context: test classes that share a cached context
 * share its server. The server is a bean ({@link NatsServer}, or {@link NatsCluster} when
 * {@link #nodes()} is more than one) and is stopped after the context's other beans are
 * destroyed, so the application's connection closes first. The binary is found as
 * {@link NatsServerBinary} describes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface WindshiftNatsServer {

	/**
	 * How many nodes: 1 for a single JetStream server, 3 (say) for a JetStream cluster.
	 */
	int nodes() default 1;

	/** The property that receives the client URL(s), comma separated. */
	String property() default "windshift.nats.servers";

}
