/**
 * Internal: the Drools wiring and the facts the rules read and write. Not part of the public API; the classes are
 * public only because the generated executable-model code must reach them. May change in any release.
 */
package org.trdrules.engine;
