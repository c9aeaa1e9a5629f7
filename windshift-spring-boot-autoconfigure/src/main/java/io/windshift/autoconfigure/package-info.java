/**
 * Spring Boot auto-configuration for Windshift: properties, the NATS connection, health, actuator and
 * the development server.
 */
@NullMarked
package io.windshift.autoconfigure;

import org.jspecify.annotations.NullMarked;
