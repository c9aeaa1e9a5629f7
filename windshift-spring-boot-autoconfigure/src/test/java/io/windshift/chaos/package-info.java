/**
 * The chaos run: two application JVMs publish and listen on a 3-node cluster while faults
 * are injected at random and overlapping; every operation goes to a history that
 * {@link io.windshift.chaos.HistoryChecker} reads afterwards (lost, duplicated,
 * reordered, stuck). Started by {@code scripts/chaos.sh}.
 */
@NullMarked
package io.windshift.chaos;

import org.jspecify.annotations.NullMarked;
