package io.windshift.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where listeners taking any protobuf type look for generated types
 * ({@code windshift.types.*}).
 */
@ConfigurationProperties("windshift.types")
public class WindshiftTypesProperties {

	/**
	 * Packages (with their subpackages) scanned for generated protobuf types, besides the
	 * application's packages and the protobuf well-known types.
	 */
	private List<String> packages = new ArrayList<>();

	public List<String> getPackages() {
		return this.packages;
	}

	public void setPackages(List<String> packages) {
		this.packages = packages;
	}

}
