/**
 * Code that the documentation quotes: compiled with the sample so that every snippet in
 * {@code docs/} compiles.
 */
package io.windshift.sample.docs;
