/**
 * Spring AOT support: runtime hints for listener methods and the protobuf types they
 * take, and the protobuf type index written at build time so that an AOT-processed
 * application does not scan its class path at startup.
 */
@NullMarked
package io.windshift.aot;

import org.jspecify.annotations.NullMarked;
