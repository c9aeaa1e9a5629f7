package io.windshift.autoconfigure;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.core.env.Environment;

/**
 * Fails startup on a key under {@code windshift.streams.<name>} or
 * {@code windshift.consumers.<name>} that names no setting: a typo such as
 * {@code max-agee} would otherwise drop the setting it meant without a word. Spring
 * Boot's failure analysis names the unknown keys.
 */
final class StrictDeclarationKeys implements InitializingBean {

	private final Environment environment;

	StrictDeclarationKeys(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		Binder binder = Binder.get(this.environment);
		BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
		binder.bind("windshift.streams", Bindable.mapOf(String.class, WindshiftDeclarationProperties.Stream.class),
				strict);
		binder.bind("windshift.consumers", Bindable.mapOf(String.class, WindshiftDeclarationProperties.Consumer.class),
				strict);
	}

}
