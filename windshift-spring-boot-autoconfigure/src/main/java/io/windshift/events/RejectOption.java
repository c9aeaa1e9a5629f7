package io.windshift.events;

/**
 * An option for {@link Event#reject}: made by {@link Reject}; a {@link CallOption} is one
 * too.
 */
public interface RejectOption {

}
