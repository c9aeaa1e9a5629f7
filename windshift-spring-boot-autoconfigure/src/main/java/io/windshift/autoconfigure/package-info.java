/**
 * Spring Boot auto-configuration for Windshift: the auto-configuration classes, their
 * properties and the connection details. Health, the actuator endpoint, Testcontainers
 * and the development server live in sub-packages of their own.
 */
@NullMarked
package io.windshift.autoconfigure;

import org.jspecify.annotations.NullMarked;
