package io.windshift.admin;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A declared change would throw away stored events (a lower limit, a shorter max age, a
 * removed subject) and destructive changes are not allowed.
 */
public class DestructiveChangeException extends DeclarationException {

	private static final long serialVersionUID = 1L;

	private final transient List<Change> changes;

	public DestructiveChangeException(String message, List<Change> changes) {
		this(message, changes, null);
	}

	public DestructiveChangeException(String message, List<Change> changes, @Nullable Throwable cause) {
		super(message, cause);
		this.changes = List.copyOf(changes);
	}

	/** The refused changes. */
	public List<Change> getChanges() {
		return this.changes;
	}

}
