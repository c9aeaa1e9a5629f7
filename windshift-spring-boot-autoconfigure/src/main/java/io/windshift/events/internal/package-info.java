/**
 * Internal to the starter, not API: helpers that both the {@code io.windshift.events} and
 * the {@code io.windshift.listener} packages need (the {@code WS-Published-Time} format,
 * the delivery metadata of a reply subject, the settlement of a received event and the
 * bodies of the replies that carry it, the one-thread timers). The types are public only
 * because two packages use them; they may change or disappear without notice. This
 * package depends on nothing else of the starter; only {@code events} and
 * {@code listener} import it ({@code PackageDependencyTests}).
 */
@NullMarked
package io.windshift.events.internal;

import org.jspecify.annotations.NullMarked;
