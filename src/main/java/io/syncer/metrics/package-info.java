/**
 * syncer's own meters (every name starts with syncer_), the recent-past board behind the status page, and the
 * propagation window.
 */
package io.syncer.metrics;
