package io.windshift.events;

import java.util.List;

/**
 * Told when events held by {@link WindshiftTemplate#publishAfterCommit} could not be
 * published after their transaction committed: the transaction's data is stored, the
 * events are not. Declare one as a bean to keep them somewhere (a table to retry from,
 * say); the failure is logged and counted either way. Runs on the committing thread,
 * after the commit.
 */
@FunctionalInterface
public interface AfterCommitFailureHandler {

	/**
	 * The events that were not published and why.
	 * @param events the events (all of the transaction's when they went as one atomic
	 * batch)
	 * @param failure why publishing failed
	 */
	void failed(List<OutgoingEvent> events, WindshiftException failure);

}
