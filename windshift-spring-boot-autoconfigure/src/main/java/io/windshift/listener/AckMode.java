package io.windshift.listener;

/**
 * Who settles an event handed to a listener method.
 */
public enum AckMode {

	/**
	 * The method returning acknowledges the event; an exception rejects it per the
	 * listener's {@link RejectPolicy}, unless the method already settled it.
	 */
	AUTO,

	/**
	 * The method acknowledges or rejects the event itself; an event it leaves unsettled
	 * is redelivered after the processing timeout. An exception still rejects it per the
	 * {@link RejectPolicy}.
	 */
	MANUAL,

	/**
	 * Use {@code windshift.listener.ack-mode} ({@link #AUTO} unless configured
	 * otherwise). Only meaningful on the annotation.
	 */
	DEFAULT

}
